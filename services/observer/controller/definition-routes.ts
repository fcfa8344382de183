// GET and POST /sagas/_definitions (the web's /api/sagas/_definitions): the definition files with
// their problems, and saving one. Listed before /sagas/:name, which would take the path otherwise.
import { DEFINITIONS_PATH } from "../../../contracts/sagas";
import type { Route } from "../../kit/http/server";
import type { SagaCatalog } from "../application/catalog";
import { saveDefinition, type SaveDeps } from "../application/save-definition";

export function definitionRoutes(catalog: Pick<SagaCatalog, "files">, save: SaveDeps): Route[] {
  const path = `/sagas/${DEFINITIONS_PATH}`;
  return [
    { method: "GET", path, handle: async () => ({ status: 200, body: catalog.files() }) },
    {
      method: "POST",
      path,
      handle: async (req) => ({ status: 201, body: await saveDefinition(save, await req.json()) }),
    },
  ];
}
