using DebtPositions.Gpd;
using ServiceDefaults.Security;

namespace DebtPositions.GpdV2;

// GPD v2 under /api/debt-positions/v2: create, update and delete several v1 positions in one call, all or none; plus
// /info and the already-paid report, as v2 repeats them.
internal static class DebtPositionsV2Api
{
    public const string Root = "/api/debt-positions/v2";
    public const string Prefix = Root + "/organizations/{organizationfiscalcode}/debtpositions";

    public static IEndpointRouteBuilder MapDebtPositionsV2Api(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("DebtPositionsV2");
        group.MapPost("", MultiplePositions.Create);
        group.MapPut("", MultiplePositions.Update);
        group.MapDelete("", MultiplePositions.Delete);
        app.MapGet(Root + "/info", GpdInfo.Handle).ForAnyOrganization().WithTags("DebtPositionsV2");
        app.MapPost(Root + AlreadyPaid.Route, AlreadyPaid.Handle).WithTags("DebtPositionsV2");
        return app;
    }
}
