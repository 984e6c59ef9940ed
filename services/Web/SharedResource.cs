namespace Web;

// Marker type of Resources/SharedResource.*.resx, the pages' translations.
public sealed class SharedResource;
