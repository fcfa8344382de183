// The schemas of the registry tests (an Avro payment, a Protobuf order) and their registration
// through the registry's Confluent-compatible API.
import assert from "node:assert/strict";

export const PAYMENT = {
  type: "record",
  name: "Payment",
  namespace: "pay",
  fields: [
    { name: "orderId", type: "string" },
    { name: "status", type: { type: "enum", name: "Status", symbols: ["ACCEPT", "REJECT"] } },
    { name: "cents", type: "long" },
  ],
};
export const PROTO = `syntax = "proto3"; package shop; message Order { string orderId = 1; string status = 2; int64 total = 3; }`;

export async function register(url: string, subject: string, body: object): Promise<number> {
  const res = await fetch(`${url}/subjects/${subject}/versions`, {
    method: "POST",
    headers: { "content-type": "application/vnd.schemaregistry.v1+json" },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { id?: number };
  assert.equal(res.status, 200, JSON.stringify(answer));
  return answer.id!;
}
