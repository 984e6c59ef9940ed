namespace NodeAdapter.Tests;

// The NodeAdapter with the ReceiptWriteFaults triggers armed (and off) in its database.
public sealed class ReceiptFaultsApp : NodeAdapterApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ReceiptWriteFaults.InstallAsync(Database);
    }
}
