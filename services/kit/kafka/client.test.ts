// The Kafka connection every client is built from: brokers, TLS and SASL from the environment.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { SagaError } from "../errors";
import { kafkaConnectionSchema, toKafkaConnection } from "./client";

it("reads a broker list, with TLS and SASL when asked", () => {
  assert.deepEqual(kafkaConnectionSchema.parse({ KAFKA_BROKERS: " a:9092, b:9092 ," }), {
    brokers: ["a:9092", "b:9092"],
    ssl: false,
  });
  const c = kafkaConnectionSchema.parse({
    KAFKA_BROKERS: "a:9093",
    KAFKA_SSL: "1",
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: "u",
    KAFKA_SASL_PASSWORD: "p",
  });
  assert.deepEqual(c, {
    brokers: ["a:9093"],
    ssl: true,
    sasl: { mechanism: "scram-sha-512", username: "u", password: "p" },
  });
});

it("refuses a missing broker list, an unknown mechanism and SASL without its credentials", () => {
  assert.equal(kafkaConnectionSchema.safeParse({}).success, false);
  assert.equal(
    kafkaConnectionSchema.safeParse({ KAFKA_BROKERS: "a:1", KAFKA_SASL_MECHANISM: "kerberos" }).success,
    false,
  );
  assert.throws(
    () => kafkaConnectionSchema.parse({ KAFKA_BROKERS: "a:1", KAFKA_SASL_MECHANISM: "plain" }),
    /KAFKA_SASL_USERNAME/,
  );
  // Outside a schema (a caller's own transform without its context): thrown, every setting named.
  assert.throws(
    () => toKafkaConnection({ KAFKA_BROKERS: ["a:1"], KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" }),
    (err: SagaError) =>
      err.code === "VALIDATION_FAILED" &&
      err.message === "KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=plain",
  );
});
