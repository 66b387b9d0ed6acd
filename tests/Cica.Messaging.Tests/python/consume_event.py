#!/usr/bin/python3
"""An independent consumer of CICA events: knows only protos/ and AMQP, nothing of .NET or MassTransit.

Usage: consume_event.py AMQP_URI PROTOS_DIR MESSAGE_TYPE FIELD VALUE TIMEOUT_SECONDS
Compiles the .proto files with grpc_tools, binds a queue of its own to the exchange named after the
message's full protobuf name, prints READY, then waits for a message whose FIELD equals VALUE and
prints it as JSON (protobuf JSON of the decoded body, plus the AMQP properties it arrived with).
Exits 0 when found, 1 on timeout.
"""
import glob, importlib, json, os, sys, tempfile, time

import pika
from google.protobuf import json_format
from grpc_tools import protoc

uri, protos, message_type, field, value, timeout = sys.argv[1:7]
package, name = message_type.rsplit(".", 1)

out = tempfile.mkdtemp(prefix="cica-py-")
well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
files = [os.path.relpath(p, protos) for p in glob.glob(os.path.join(protos, "cica", "**", "*.proto"), recursive=True)]
if protoc.main(["protoc", f"-I{protos}", f"-I{well_known}", f"--python_out={out}", *files]) != 0:
    sys.exit("protoc failed")
sys.path.insert(0, out)
module = importlib.import_module(package + ".events_pb2")
message_class = getattr(module, name)

connection = pika.BlockingConnection(pika.URLParameters(uri))
channel = connection.channel()
# The exchange as the platform declares it: fanout, durable, named after the full protobuf name.
channel.exchange_declare(exchange=message_type, exchange_type="fanout", durable=True)
queue = channel.queue_declare(queue="", exclusive=True).method.queue
channel.queue_bind(queue=queue, exchange=message_type)
print("READY", flush=True)
print(time.strftime("%T"), f"DEBUG bound {queue} to {message_type} on {uri} server={connection._impl.params.host}:{connection._impl.params.port}", file=sys.stderr, flush=True)
last = 0

deadline = time.time() + float(timeout)
while time.time() < deadline:
    method, properties, body = channel.basic_get(queue=queue, auto_ack=True)
    if method is None:
        if time.time() - last > 5:
            last = time.time()
            q = channel.queue_declare(queue=queue, passive=True).method
            print(f"DEBUG {queue}: {q.message_count} messages, {q.consumer_count} consumers", file=sys.stderr, flush=True)
        time.sleep(0.1)
        continue
    event = message_class.FromString(body)
    if str(getattr(event, field)) != value:
        print(f"skipped {message_type} with {field}={getattr(event, field)}", file=sys.stderr, flush=True)
        continue
    print(json.dumps({
        "event": json_format.MessageToDict(event, preserving_proto_field_name=True),
        "message_id": properties.message_id,
        "content_type": properties.content_type,
        "message_type_header": (properties.headers or {}).get("cica-message-type"),
    }), flush=True)
    connection.close()
    sys.exit(0)
print(f"no {message_type} with {field}={value} within {timeout}s", flush=True)
sys.exit(1)
