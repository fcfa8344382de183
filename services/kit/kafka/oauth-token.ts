// SASL/OAUTHBEARER's token: fetched from the token endpoint of KAFKA_SASL_OAUTH_TOKEN_URL with
// the client-credentials grant (client id and secret in HTTP Basic, as Kafka's own Java client
// sends them), kept until shortly before it expires, and shared by every connection of a client.
import { SagaError } from "../errors";
import type { KafkaOAuth } from "./connection";

const FETCH_TIMEOUT_MS = 10_000;
/** A token is fetched again this long before it expires, or at 80 % of its life if that is sooner. */
const REFRESH_MARGIN_MS = 60_000;

type Token = { value: string; refreshAt: number };

const form = (v: string) => encodeURIComponent(v).replace(/%20/g, "+");

async function fetchToken(o: KafkaOAuth, now: () => number): Promise<Token> {
  const body = new URLSearchParams({ grant_type: "client_credentials", ...(o.scope && { scope: o.scope }) });
  let res: Response;
  try {
    res = await fetch(o.tokenUrl, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: `Basic ${Buffer.from(`${form(o.clientId)}:${form(o.clientSecret)}`).toString("base64")}`,
      },
      body,
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (err) {
    throw new SagaError(
      "DEPENDENCY_UNAVAILABLE",
      `the token endpoint of KAFKA_SASL_OAUTH_TOKEN_URL (${o.tokenUrl}) did not answer: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const text = await res.text();
  if (res.status === 400 || res.status === 401 || res.status === 403)
    throw new SagaError(
      "UNAUTHORIZED",
      `the token endpoint (KAFKA_SASL_OAUTH_TOKEN_URL) refused KAFKA_SASL_OAUTH_CLIENT_ID/KAFKA_SASL_OAUTH_CLIENT_SECRET${o.scope ? " or KAFKA_SASL_OAUTH_SCOPE" : ""}: ${res.status} ${text.slice(0, 200)}`,
    );
  if (!res.ok)
    throw new SagaError(
      "DEPENDENCY_UNAVAILABLE",
      `the token endpoint (KAFKA_SASL_OAUTH_TOKEN_URL) answered ${res.status}: ${text.slice(0, 200)}`,
    );
  let answer: { access_token?: unknown; expires_in?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch (err) {
    throw new SagaError("DEPENDENCY_UNAVAILABLE", "the token endpoint (KAFKA_SASL_OAUTH_TOKEN_URL) answered no JSON", {
      cause: err,
    });
  }
  if (typeof answer.access_token !== "string" || answer.access_token === "")
    throw new SagaError(
      "DEPENDENCY_UNAVAILABLE",
      "the token endpoint (KAFKA_SASL_OAUTH_TOKEN_URL) answered no access_token",
    );
  const lifeMs = (Number(answer.expires_in) > 0 ? Number(answer.expires_in) : 300) * 1000;
  return {
    value: answer.access_token,
    refreshAt: now() + Math.min(lifeMs * 0.8, Math.max(0, lifeMs - REFRESH_MARGIN_MS)),
  };
}

/** kafkajs's oauthBearerProvider: one token at a time, fetched once for connections opening together. */
export function oauthBearerProvider(o: KafkaOAuth, now: () => number = Date.now): () => Promise<{ value: string }> {
  let token: Token | null = null;
  let pending: Promise<Token> | null = null;
  return async () => {
    if (token && now() < token.refreshAt) return { value: token.value };
    pending ??= fetchToken(o, now).finally(() => (pending = null));
    token = await pending;
    return { value: token.value };
  };
}
