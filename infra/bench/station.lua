-- wrk script: paVerifyPaymentNotice (or paGetPaymentV2 with OPERATION=getPaymentV2) on random seeded notices.
local op = os.getenv("OPERATION") or "verify"
local notices = tonumber(os.getenv("NOTICES") or "10000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
-- Straight to the NodeAdapter (station-direct.sh), the Node's internal token that the gateway would forward.
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
local templates = {
  verify = { action = "paVerifyPaymentNotice", element = "paVerifyPaymentNoticeReq" },
  getPaymentV2 = { action = "paGetPaymentV2", element = "paGetPaymentV2Request" },
}
local t = templates[op]
wrk.headers["SOAPAction"] = t.action
math.randomseed(os.time())
request = function()
  local nav = os.getenv("FIXED_NAV") or string.format("3020000%011d", math.random(1, notices))
  local body = '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><soapenv:Body><pafn:' .. t.element ..
    '><idPA>77777777777</idPA><idBrokerPA>77777777777</idBrokerPA><idStation>77777777777_01</idStation><qrCode><fiscalCode>77777777777</fiscalCode><noticeNumber>' ..
    nav .. '</noticeNumber></qrCode></pafn:' .. t.element .. '></soapenv:Body></soapenv:Envelope>'
  return wrk.format(nil, nil, nil, body)
end
ko = 0
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, "<outcome>OK</outcome>", 1, true) then ko = ko + 1 end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("ko") or 0) end
  io.write(string.format("KO answers: %d of %d\n", total, summary.requests))
end
