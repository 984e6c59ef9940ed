using IuvIssuance;
using Testing;

namespace IuvIssuance.Tests;

public sealed class IuvApp() : ServiceFactory<Program>(IuvDb.Schema, typeof(IuvDb).Assembly);
