namespace Web;

/// <summary>Marker type of Resources/SharedResource.*.resx, the pages' translations.</summary>
public sealed class SharedResource;
