// kafkajs 2.2.4 wraps every socket error of a broker connection in a retriable
// KafkaJSConnectionError, so a broker certificate signed by an unknown CA (or a client certificate
// the broker refuses) was retried with the client's whole backoff: about 30 s of silence before
// the process could say what is wrong. Such a failure cannot mend by trying again with the same
// files (read once at start): it is made non-retriable here, and said at once (failure.ts).
// @ts-expect-error kafkajs ships no types for its internals
import Connection from "kafkajs/src/network/connection.js";
import { isPermanentTlsFailure } from "./failure";

type ConnectionProto = { connect(this: unknown): Promise<boolean> };

const proto = (Connection as { prototype: ConnectionProto }).prototype;
if (typeof proto.connect !== "function")
  throw new Error("kafkajs changed its Connection: review services/kit/kafka/kafkajs-tls-fail-fast.ts");

const connect = proto.connect;
proto.connect = async function (this: unknown) {
  try {
    return await connect.call(this);
  } catch (err) {
    const e = err as { code?: unknown; message?: string; retriable?: boolean };
    if (isPermanentTlsFailure(e.code, e.message)) e.retriable = false;
    throw err;
  }
};

export const KAFKAJS_TLS_FAIL_FAST = true;
