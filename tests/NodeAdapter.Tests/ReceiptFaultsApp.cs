namespace NodeAdapter.Tests;

/// <summary>The NodeAdapter with the <see cref="ReceiptWriteFaults"/> triggers armed (and off) in its database.</summary>
public sealed class ReceiptFaultsApp : NodeAdapterApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ReceiptWriteFaults.InstallAsync(Database);
    }
}
