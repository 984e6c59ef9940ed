#!/usr/bin/env bash
# The first payment, end to end, through the running platform (infra/platform.sh up first):
# a municipal system creates a debt position, the pagoPA Node (simulator) verifies and pays it, the
# receipt is recorded, a reporting flow is published and downloaded, and the payment is reconciled.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/infra/platform.env"
GW=${GATEWAY:-http://127.0.0.1:5080}
SIM=${SIMULATOR:-http://127.0.0.1:5190}
EC=$DEMO_EC
KEY_FILE="$ROOT/.local/keys/$EC"
[[ -s "$KEY_FILE" ]] || { echo "no API key in $KEY_FILE: run infra/platform.sh up first" >&2; exit 1; }
KEY=$(cat "$KEY_FILE")
IUPD="DEMO-$(date +%s)"

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
show() { jq -C "${1:-.}"; }
status_of() { curl -fsS -H "X-Api-Key: $KEY" "$GW/api/debt-positions/v1/organizations/$EC/debtpositions/$IUPD" | jq -r .status; }
wait_for() { # wait_for "description" command... (until it succeeds)
  local what="$1"; shift
  for _ in $(seq 1 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for: $what" >&2; exit 1
}
status_is() { [[ "$(status_of)" == "$1" ]]; }

step "1. The EC's IUV configuration (segregation code 01, aux digit 3)"
curl -fsS -H "X-Api-Key: $KEY" -X PUT "$GW/api/iuv/organizations/$EC" -H 'content-type: application/json' \
  -d '{"segregationCode":"01","auxDigit":3}' | show

step "1b. The municipality's system subscribes to webhooks (its receiver is played by the simulator)"
HOOKS="$GW/api/receipts/organizations/$EC/webhooks"
RECEIVER="$SIM/simulator/webhooks/demo-$IUPD"
# Earlier demo runs' subscriptions to the simulator are removed, so each run's deliveries are its own.
for old in $(curl -fsS -H "X-Api-Key: $KEY" "$HOOKS" | jq -r '.[] | select(.targetUrl | contains("/simulator/webhooks/")) | .id'); do
  curl -fsS -H "X-Api-Key: $KEY" -X DELETE "$HOOKS/$old" >/dev/null
done
SUBSCRIBED=$(curl -fsS -H "X-Api-Key: $KEY" -X POST "$HOOKS" -H 'content-type: application/json' \
  -d "{\"targetUrl\":\"$RECEIVER\",\"eventTypes\":[\"receipt.archived\",\"position.status-changed\"],\"description\":\"demo\"}")
echo "$SUBSCRIBED" | show '{subscription: .subscription | {id, targetUrl, eventTypes}}'
curl -fsS -X PUT "$RECEIVER/secret" -H 'content-type: application/json' -d "{\"secret\":$(echo "$SUBSCRIBED" | jq .secret)}"

step "2. A municipal system creates and publishes a debt position (GPD v1 body, no IUV given)"
DUE=$(date -d '+30 days' +%Y-%m-%dT23:59:59Z)
curl -fsS -H "X-Api-Key: $KEY" -X POST "$GW/api/debt-positions/v1/organizations/$EC/debtpositions?toPublish=true" \
  -H 'content-type: application/json' -H "Idempotency-Key: $IUPD" -d @- <<JSON | show '{iupd, status, paymentOption: [.paymentOption[] | {iuv, nav, amount, dueDate}]}'
{
  "iupd": "$IUPD", "type": "F", "fiscalCode": "RSSMRA80A01H501U", "fullName": "Mario Rossi",
  "companyName": "Comune di Demo", "switchToExpired": false,
  "paymentOption": [{
    "amount": 12050, "description": "TARI 2026 - rata unica", "isPartialPayment": false,
    "dueDate": "$DUE",
    "transfer": [{ "idTransfer": "1", "amount": 12050, "remittanceInformation": "TARI 2026",
                   "category": "9/0101108TS/", "iban": "IT60X0542811101000000123456" }]
  }]
}
JSON
NAV=$(curl -fsS -H "X-Api-Key: $KEY" "$GW/api/debt-positions/v1/organizations/$EC/debtpositions/$IUPD" | jq -r '.paymentOption[0].nav')
echo "notice number (NAV): $NAV    status: $(status_of)"

step "3. The station's own read model knows the notice (fed by events from DebtPositions and Actualisation)"
wait_for "the notice at the station" curl -fsS -H "X-Api-Key: $KEY" "$GW/api/node-adapter/organizations/$EC/notices/$NAV"
curl -fsS -H "X-Api-Key: $KEY" "$GW/api/node-adapter/organizations/$EC/notices/$NAV" | show

step "4. The pagoPA Node (simulator) calls paVerifyPaymentNotice, paGetPaymentV2 and paSendRTV2 through the gateway"
PAYMENT=$(curl -fsS -X POST "$SIM/simulator/payments" -H 'content-type: application/json' \
  -d "{\"organizationFiscalCode\":\"$EC\",\"noticeNumber\":\"$NAV\"}")
echo "$PAYMENT" | show
RECEIPT_ID=$(echo "$PAYMENT" | jq -r '.receiptId')

step "5. The receipt is in the legal archive, and the position is PAID"
wait_for "the receipt" curl -fsS -H "X-Api-Key: $KEY" "$GW/api/receipts/organizations/$EC/receipts/$RECEIPT_ID"
curl -fsS -H "X-Api-Key: $KEY" "$GW/api/receipts/organizations/$EC/receipts/$RECEIPT_ID" | show '{receiptId, noticeNumber, amountCents, paymentDateTime, pspId}'
wait_for "status PAID" status_is PAID
echo "position status: $(status_of)"
has_receipt_webhook() { curl -fsS "$RECEIVER" | jq -e 'map(select(.type == "receipt.archived" and .signatureVerified)) | length > 0' >/dev/null; }
wait_for "the receipt's webhook" has_receipt_webhook
echo "webhooks received by the municipality's system (signatures verified with the subscription's secret):"
curl -fsS "$RECEIVER" | show 'map({type, subject, signatureVerified})'

step "6. The PSP publishes a reporting flow on the Node's FdR API; the NodeAdapter downloads it; Reporting reconciles"
FLOW=$(curl -fsS -X POST "$SIM/simulator/flows" -H 'content-type: application/json' -d "{\"organizationFiscalCode\":\"$EC\"}")
echo "$FLOW" | show
FDR=$(echo "$FLOW" | jq -r '.fdr')
wait_for "status REPORTED" status_is REPORTED
curl -fsS -H "X-Api-Key: $KEY" "$GW/api/reporting/organizations/$EC/flows/$FDR" | show
echo "position status: $(status_of)"

step "7. The position's history"
curl -fsS -H "X-Api-Key: $KEY" "$GW/api/debt-positions/v1/organizations/$EC/debtpositions/$IUPD/history" | show
step "8. The treasurer's statement (camt.053) credits the flow's total; the payment is classified as cashed"
TOTAL=$(curl -fsS -H "X-Api-Key: $KEY" "$GW/api/reporting/organizations/$EC/flows/$FDR" | jq -r '.flow.declaredTotalAmountCents')
IUV=${NAV:1}   # the demo payment's IUV: its notice number without the aux digit
STATEMENT=$(mktemp)
cat > "$STATEMENT" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>DEMO-$(date +%s%N)</MsgId><CreDtTm>$(date -u +%Y-%m-%dT%H:%M:%S)</CreDtTm></GrpHdr>
  <Stmt><Id>DEMO</Id><CreDtTm>$(date -u +%Y-%m-%dT%H:%M:%S)</CreDtTm><Acct><Id><IBAN>IT60X0542811101000000123456</IBAN></Id></Acct>
    <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>$(date -u +%F)</Dt></Dt></Bal>
    <Ntry><Amt Ccy="EUR">$(printf '%d.%02d' $((TOTAL / 100)) $((TOTAL % 100)))</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>$(date -u +%F)</Dt></BookgDt><BkTxCd><Prtry><Cd>48//</Cd><Issr>CBI</Issr></Prtry></BkTxCd>
      <NtryDtls><TxDtls><RmtInf><Ustrd>/PUR/LGPE-RIVERSAMENTO/URI/$FDR</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt></BkToCstmrStmt></Document>
XML
curl -fsS -X POST -H "X-Api-Key: $KEY" -H 'content-type: application/xml' --data-binary "@$STATEMENT" \
  "$GW/api/reporting/organizations/$EC/treasury/statements" | show
rm -f "$STATEMENT"
cashed() { curl -fsS -H "X-Api-Key: $KEY" "$GW/api/reporting/organizations/$EC/reconciliation/payments/$IUV" | jq -e '.state == "cashed"' >/dev/null; }
wait_for "the payment cashed" cashed
curl -fsS -H "X-Api-Key: $KEY" "$GW/api/reporting/organizations/$EC/reconciliation/payments/$IUV" | show '{iuv, state, labels: [.transfers[].labels]}'
printf '\n\033[1;32mDone: created → published → paid → receipt archived → reported → reconciled → cashed.\033[0m\n'
printf '\nThe same in a browser: the citizen portal at %s/ (EC %s, the notice number and the debtor'"'"'s fiscal code),\n' "$GW" "$EC"
printf 'the operators'"'"' back office at %s/backoffice (local users and passwords: .local/keys/web-users).\n' "$GW"
