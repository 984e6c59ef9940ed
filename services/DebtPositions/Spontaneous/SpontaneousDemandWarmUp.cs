using Contracts.NodeAdapter;
using DebtPositions.Iuv;
using DebtPositions.Validation;
using ServiceDefaults.Health;

namespace DebtPositions.Spontaneous;

// A PSP's paDemandPaymentNotice waits on CreateSpontaneousPositionConsumer within the Node's budget (5 s at the
// station). Cold, on a loaded machine, the first demand took longer than that (EF model, query compilation, JIT, the
// first connection to IuvIssuance): the PSP got PAA_SYSTEM_ERROR while the position was created anyway. This walks
// the same path once before the service reports ready: the same queries, the same body validated, built and
// serialised as the answer, saved with its outbox event in a transaction that is rolled back, and one read-only call
// to IuvIssuance. Nothing is kept and no notice number is spent.
internal sealed class SpontaneousDemandWarmUp(DebtPositionsDb db, IuvIssuanceClient iuvs, TimeProvider time) : IWarmUp
{
    // No EC has this fiscal code: every lookup finds nothing, IuvIssuance answers "unknown organization".
    private const string Organization = CreateSpontaneousPosition.WarmUpOrganization;
    private const string Iupd = "SPONT-WARM-UP";
    private static readonly SpontaneousServiceModel Service = new("warm-up", "warm-up", "9/0101100IM/", "IT60X0542811101000000123456", null,
        SpontaneousService.AmountFromData, null, 100_000, 30);

    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await db.LoadAsync(Organization, Iupd, ct);
        var service = await db.FindSpontaneousServiceAsync(Organization, "warm-up", ct) ?? SpontaneousService.Define(Organization, "warm-up", Service, now);
        await iuvs.ValidateAsync(Organization, "000000000000000", ct);

        var body = CreateSpontaneousPositionConsumer.Body(Iupd, service, 100, "warm-up", now);
        var errors = PositionValidator.Validate(body, now);
        if (errors.Count > 0) throw new InvalidOperationException("the warm-up body is invalid: " + string.Join("; ", errors.Keys));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var position = Position.Create(Organization, Iupd, body.ToContent(Organization, [new NoticeNumber("000000000000000", "300000000000000000")]), "warm-up", now);
        position.Publish("warm-up", now);
        db.Positions.Add(position);
        db.PublishChange(position, "warm-up", time);
        await db.SaveChangesAsync(ct);
        // The answer's serializer (MassTransit's options) builds its metadata for the snapshot's types on first use.
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new SpontaneousPositionCreated(Guid.Empty, position.ToSnapshot(), "000000000000000", now),
            MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);
        await transaction.RollbackAsync(ct);
        db.ChangeTracker.Clear();
    }
}
