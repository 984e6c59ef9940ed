using Contracts.DebtPositions;

namespace DebtPositions;

// The transitions. Each returns null when done, or why it is not allowed (a 409 for the API).
internal sealed partial class Position
{
    public string? Publish(string cause, DateTimeOffset now)
    {
        if (Status != PositionStatus.Draft) return $"position {Iupd} is {Status}: only a DRAFT position can be published";
        PublishDate = now;
        // GPD: a position published without a validity date is valid from its publication (docs/decisions/0044).
        ValidityDate ??= now;
        Record(DebtPositionChanges.Published, PublishedStatus(now), cause, null, now);
        return null;
    }

    public string? Invalidate(string cause, DateTimeOffset now)
    {
        if (Status is not (PositionStatus.Published or PositionStatus.Valid))
            return $"position {Iupd} is {Status}: only a PUBLISHED or VALID position can be invalidated";
        Record(DebtPositionChanges.Invalidated, PositionStatus.Invalid, cause, null, now);
        return null;
    }

    // Brings back an INVALID or EXPIRED position with the same notice numbers (what GPD users ask for in pagopa-api
    // #1044/#1048). An expiring position whose due dates are all past would expire again at once, so the EC must move
    // its due dates first (PUT).
    public string? Revalidate(string cause, DateTimeOffset now)
    {
        if (Status is not (PositionStatus.Invalid or PositionStatus.Expired))
            return $"position {Iupd} is {Status}: only an INVALID or EXPIRED position can be re-validated";
        if (ReissuedAs is not null) return $"position {Iupd} was re-issued as {ReissuedAs} for coercive collection and cannot be re-validated";
        if (SwitchToExpired && MaxDueDate < now)
            return $"position {Iupd} expires after its due dates and they are all past: update the due dates first";
        Record(DebtPositionChanges.Revalidated, PublishedStatus(now), cause, $"was {Status}", now);
        return null;
    }

    // The job's PUBLISHED → VALID once the validity date is reached.
    public bool ValidateIfDue(DateTimeOffset now)
    {
        if (Status != PositionStatus.Published || PublishedStatus(now) != PositionStatus.Valid) return false;
        Record(DebtPositionChanges.Validated, PositionStatus.Valid, "job:lifecycle", "validity date reached", now);
        return true;
    }

    // The job's VALID → EXPIRED after the last due date, for positions that asked for it.
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != PositionStatus.Valid || !SwitchToExpired || MaxDueDate >= now) return false;
        Record(DebtPositionChanges.Expired, PositionStatus.Expired, "job:lifecycle", $"last due date {MaxDueDate:O} passed", now);
        return true;
    }

    // Replaces the content (GPD PUT); notices keep their IUV/NAV when the IUV is given again. As in GPD, the position
    // comes back as a DRAFT unless the update asks to publish it again (docs/decisions/0044).
    public string? Update(PositionContent content, bool toPublish, string cause, DateTimeOffset now)
    {
        if (!PositionStatus.IsUpdatable(Status)) return $"position {Iupd} is {Status} and can no longer be updated";
        var wasPublished = Status != PositionStatus.Draft;
        SetContent(content, now);
        _options.RemoveAll(o => content.Options.All(n => n.Iuv != o.Iuv));
        foreach (var option in content.Options)
        {
            var existing = _options.Find(o => o.Iuv == option.Iuv);
            if (existing is null) _options.Add(PaymentOption.Create(OrganizationFiscalCode, option, now));
            else existing.Replace(option, now);
        }
        if (!wasPublished || !toPublish)
        {
            // Back to DRAFT: the station stops offering its notices until it is published again.
            PublishDate = null;
            Record(DebtPositionChanges.Updated, PositionStatus.Draft, cause, wasPublished ? $"was {Status}, back to DRAFT" : null, now);
            return toPublish ? Publish(cause, now) : null;
        }
        var change = Status == PositionStatus.Expired ? DebtPositionChanges.Revalidated : DebtPositionChanges.Updated;
        PublishDate = now;
        ValidityDate ??= now;
        Record(change, PublishedStatus(now), cause, null, now);
        return null;
    }

    // A receipt for one of the notices. Money collected is never refused here, whatever the status (stand-in, a race
    // with an invalidation): the position follows the payments.
    public bool RecordPayment(string iuv, string receiptId, DateTimeOffset paymentDate, string? psp, long amountPaid, string cause, DateTimeOffset now)
    {
        var option = _options.Find(o => o.Iuv == iuv);
        if (option is null || !option.MarkPaid(receiptId, paymentDate, psp, amountPaid, now)) return false;
        PaymentDate = paymentDate;
        // Settled by any single notice, or by the last instalment of any one plan (v3 may offer several).
        var settled = _options.Any(o => !o.IsPartialPayment && o.IsPaid) || Plans.Any(plan => plan.All(o => o.IsPaid));
        var detail = $"notice {option.Nav} paid";
        // Jointly liable debtors / reduced-or-full alternatives: the first payment settles the debt, so
        // the other notices can no longer be paid (the station answers them as already paid).
        var cancelled = _options.Where(o => !o.IsPaid).Select(o => o.Nav).ToList();
        if (settled && cancelled.Count > 0) detail += $"; settles the position, notice(s) {string.Join(", ", cancelled)} no longer payable";
        if (settled) Record(DebtPositionChanges.Paid, PositionStatus.Paid, cause, detail, now);
        else Record(DebtPositionChanges.PartiallyPaid, PositionStatus.PartiallyPaid, cause, detail, now);
        return true;
    }

    // Marks reported transfers; a PAID position whose paid notices are all reported becomes REPORTED.
    public bool ApplyReports(IReadOnlyList<ReportedTransfer> reports, string cause, DateTimeOffset now)
    {
        var changed = false;
        foreach (var option in _options) changed |= option.ApplyReports(reports, now);
        if (!changed) return false;
        var fullyReported = Status == PositionStatus.Paid && _options.Where(o => o.IsPaid).All(o => o.Status == OptionStatus.Reported);
        Record(fullyReported ? DebtPositionChanges.Reported : DebtPositionChanges.Updated, fullyReported ? PositionStatus.Reported : Status, cause, null, now);
        return true;
    }
}

internal sealed partial class Position
{
    // Moves the unpaid transfers from one IBAN to another; returns how many moved.
    public int ChangeIban(string oldIban, string newIban, string cause, DateTimeOffset now)
    {
        if (Status is PositionStatus.Invalid or PositionStatus.Paid or PositionStatus.Reported) return 0;
        var transfers = _options.Where(o => !o.IsPaid).SelectMany(o => o.Transfers).Where(t => t.Iban == oldIban).ToList();
        foreach (var transfer in transfers) transfer.ChangeIban(newIban, now);
        if (transfers.Count > 0)
            Record(Contracts.DebtPositions.DebtPositionChanges.Updated, Status, cause, $"IBAN {oldIban} → {newIban} on {transfers.Count} transfer(s)", now);
        return transfers.Count;
    }
}
