namespace DebtPositions;

// An IUV with its 18-digit notice number, as IuvIssuance issues or validates it.
internal sealed record NoticeNumber(string Iuv, string Nav);
