#!/usr/bin/python3
"""A client of the CICA gateway that knows only protos/, gRPC and HTTP: nothing of .NET.

Usage: gateway_client.py GRPC_HOST:PORT REST_BASE_URL PROTOS_DIR TIMEOUT_SECONDS

Generates Python stubs from protos/ with grpc_tools (messages and gRPC stubs), then prints one JSON
object per line:
  {"step": "grpc_dossier", ...}       GatewayService.GetCountryDossier for KAZ over gRPC (h2c)
  {"step": "rest_dossier", ...}       GET REST_BASE_URL/v1/countries/KAZ/dossier with urllib
  {"step": "rest_member_state", ...}  GET REST_BASE_URL/v1/memberStates/KAZ (a service's read)
  {"step": "rest_feed", ...}          the first line of GET /v1/events:subscribe?fromOldestRetained=true
  {"step": "subscribed"}              SubscribeEvents (MemberStateAdmitted of KWT) is open: admit now
  {"step": "grpc_event", ...}         the event that subscription received
Exits 0 when all came, 1 on timeout or error (the reason on stderr).
"""
import glob, importlib, json, os, sys, tempfile, threading, urllib.request

import grpc
from google.protobuf import json_format
from grpc_tools import protoc

target, rest, protos, timeout = sys.argv[1:5]
auth = [("authorization", "Bearer " + os.environ["CICA_TOKEN"])]
timeout = float(timeout)

out = tempfile.mkdtemp(prefix="cica-gw-py-")
well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
files = sorted(os.path.relpath(p, protos) for p in glob.glob(os.path.join(protos, "**", "*.proto"), recursive=True))
if protoc.main(["protoc", f"-I{protos}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", *files]) != 0:
    sys.exit("protoc failed")
sys.path.insert(0, out)
gateway_pb2 = importlib.import_module("cica.gateway.v1.gateway_service_pb2")
gateway_grpc = importlib.import_module("cica.gateway.v1.gateway_service_pb2_grpc")
membership_events = importlib.import_module("cica.membership.v1.events_pb2")


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def as_dict(message):
    return json_format.MessageToDict(message, preserving_proto_field_name=True)


channel = grpc.insecure_channel(target)
gateway = gateway_grpc.GatewayServiceStub(channel)

# 1. A view over gRPC.
response = gateway.GetCountryDossier(gateway_pb2.GetCountryDossierRequest(country_code="KAZ"), timeout=timeout, metadata=auth)
emit("grpc_dossier", dossier=as_dict(response.dossier))

# 2. The same view, and a service's read, as JSON over plain HTTP/1.1.
def get_json(path):
    request = urllib.request.Request(rest.rstrip("/") + path, headers={"Accept": "application/json", "Authorization": auth[0][1]})
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        return reply.status, reply.headers.get("Content-Type"), json.loads(reply.read().decode("utf-8"))

status, content_type, body = get_json("/v1/countries/KAZ/dossier")
emit("rest_dossier", status=status, content_type=content_type, body=body)
status, content_type, body = get_json("/v1/memberStates/KAZ")
emit("rest_member_state", status=status, content_type=content_type, body=body)

# The feed as newline-delimited JSON: the first event kept.
request = urllib.request.Request(rest.rstrip("/") + "/v1/events:subscribe?fromOldestRetained=true", headers={"Authorization": auth[0][1]})
with urllib.request.urlopen(request, timeout=timeout) as reply:
    emit("rest_feed", status=reply.status, content_type=reply.headers.get("Content-Type"), body=json.loads(reply.readline().decode("utf-8")))

# 3. The live feed over gRPC: Kuwait's admission (it has not happened yet, so what arrives came after it).
call = gateway.SubscribeEvents(gateway_pb2.SubscribeEventsRequest(
    event_types=["cica.membership.v1.MemberStateAdmitted"], country_codes=["KWT"], from_oldest_retained=True), timeout=timeout, metadata=auth)
timer = threading.Timer(timeout, call.cancel)
timer.start()
emit("subscribed")
try:
    for message in call:
        event = message.event
        admitted = membership_events.MemberStateAdmitted()
        if not event.event.Unpack(admitted):
            sys.exit(f"the Any holds {event.event.type_url}, not a MemberStateAdmitted")
        emit("grpc_event", sequence=event.sequence, message_id=event.message_id, event_type=event.event_type,
             country_code=event.country_code, type_url=event.event.type_url, event=as_dict(admitted))
        timer.cancel()
        call.cancel()
        sys.exit(0)
except grpc.RpcError as error:
    sys.exit(f"SubscribeEvents ended: {error.code()} {error.details()}")
finally:
    timer.cancel()
sys.exit(f"no event within {timeout}s")
