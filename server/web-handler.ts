// The web origin's request pipeline (server/main.ts): the browser guard (Host and origin, as on
// every service port), a valid request target, then /metrics, the /api gateway and the Next.js
// pages, in that order. Pages get no request the guard or the target check refused, so a bad
// percent-encoding answers 400 here rather than a 500 from the page router.
import type { IncomingMessage, ServerResponse } from "node:http";
import { SagaError } from "../services/kit/errors";
import { browserRequest, checkBrowserRequest, type BrowserPolicy } from "../services/kit/http/browser-guard";
import { parseRequestTarget } from "../services/kit/http/server";
import type { WebConfig } from "./config";
import { sendError } from "./gateway/forward";
import { handleApi, type WebState } from "./gateway/routes";

export type WebHandlerDeps = {
  config: WebConfig;
  policy: () => BrowserPolicy;
  metrics: { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> };
  web?: WebState;
  pages(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
};

export function webHandler(deps: WebHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      sendError(
        res,
        err instanceof SagaError ? err : new SagaError("INTERNAL", "the request failed", { cause: err }),
        req.url,
      );
    });
  };
}

async function handle(deps: WebHandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refused = checkBrowserRequest(browserRequest(req), deps.policy());
  if (refused) throw refused;
  parseRequestTarget(req.url);
  if (await deps.metrics.handle(req, res)) return;
  if (await handleApi(deps.config, req, res, deps.web)) return;
  await deps.pages(req, res);
}
