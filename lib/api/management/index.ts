// Importing a module registers its operations; the OpenAPI document, the /docs page and the
// method table of the proxy see exactly the operations imported here. List every module.
import "./applications";
import "./audit-logs";
import "./environments";

export { operations } from "../operation";
