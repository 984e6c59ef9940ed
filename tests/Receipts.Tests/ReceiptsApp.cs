using Receipts;
using Testing;

namespace Receipts.Tests;

public sealed class ReceiptsApp() : ServiceFactory<Program>(ReceiptsDb.Schema, typeof(ReceiptsDb).Assembly);
