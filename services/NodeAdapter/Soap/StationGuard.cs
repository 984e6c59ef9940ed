namespace NodeAdapter.Soap;

// The registry checks every paForNode call passes first: our broker, our station, one of our ECs.
internal static class StationGuard
{
    public static SoapReply? Check(SoapRequest request, StationOptions station)
    {
        var operation = request.Operation!;
        var broker = request.Field("idBrokerPA");
        if (broker != station.BrokerId)
            return SoapReply.Fault(operation, station.BrokerId, Faults.WrongBroker, $"idBrokerPA {broker} is not the broker of this station");
        var stationId = request.Field("idStation");
        if (stationId != station.StationId)
            return SoapReply.Fault(operation, station.BrokerId, Faults.WrongStation, $"idStation {stationId} is not this station");
        var organization = request.Field("idPA");
        if (!station.Serves(organization))
            return SoapReply.Fault(operation, station.BrokerId, Faults.WrongDomain, $"idPA {organization} is not an EC served by this station");
        return null;
    }
}
