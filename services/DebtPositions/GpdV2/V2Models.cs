using DebtPositions.Gpd;

namespace DebtPositions.GpdV2;

// GPD v2 wire shapes (openapi_external_v2.json): lists of v1 positions, and of IUPDs to delete.

internal sealed record MultiplePaymentPositionModel(List<PaymentPositionModel>? PaymentPositions);

internal sealed record MultipleIUPDModel(List<string>? PaymentPositionIUPDs);
