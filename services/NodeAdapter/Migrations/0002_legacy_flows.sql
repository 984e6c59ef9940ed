-- Legacy SOAP flows (nodoChiediElencoFlussiRendicontazione) have no revision number: a later
-- dataOraFlusso with the same identificativoFlusso overwrites the flow, so we number revisions
-- ourselves and remember which dataOraFlusso each one was.
ALTER TABLE node_adapter.reporting_flows ADD COLUMN flow_date timestamptz NULL;
