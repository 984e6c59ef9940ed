namespace PaymentChainFloor;

// The three events of a payment's path, reduced to an id and a filler of the real event's size:
// ReceiptReceived (NodeAdapter → Receipts), PaymentRecorded (Receipts → DebtPositions, Reporting),
// DebtPositionChanged (DebtPositions → NodeAdapter, Actualisation, IuvIssuance, Receipts).

public sealed record ReceiptHop(Guid ChainId, string Filler);

public sealed record PaymentHop(Guid ChainId, string Filler);

public sealed record PositionHop(Guid ChainId, string Filler);
