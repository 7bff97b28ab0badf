// Imports every Management API operation module so the registry (lib/api/operation.ts) is
// complete wherever it is read: the OpenAPI document, the /docs page and the proxy's 404/405 answers.
// ADD NEW OPERATION MODULES HERE: proxy.ts answers 404 for paths not in the registry
// (e2e/api/routing.spec.ts checks every route file against it).
import "./applications";
import "./endpoints";
import "./event-types";
import "./subscriptions";
import "./environments";
import "./deliveries";
import "./delivery-ops";
import "./recover";
import "./audit-logs";
import "./portal";
import "./portal-settings";
// The Ingestion API's operations (absolute /api/ingest paths) belong in the same document; without
// this import they would appear in it only once an ingestion route happened to load first.
import "../ingestion";

export { operations } from "../operation";
