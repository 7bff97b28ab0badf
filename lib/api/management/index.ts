// Imports every Management API operation module so the registry (lib/api/operation.ts) is
// complete wherever it is read: the OpenAPI document and the proxy's 404/405 answers.
import "./applications";
import "./endpoints";
import "./event-types";
import "./subscriptions";
import "./deliveries";

export { operations } from "../operation";
