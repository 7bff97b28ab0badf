import { z } from "zod";
import { defineOperation } from "../operation";
import { resourceId, timestamp } from "../schemas";
import { DeliverySchema } from "./deliveries";

const WorkspaceParams = z.object({ workspaceId: resourceId });
const EndpointParams = WorkspaceParams.extend({ endpointId: resourceId });
const DeliveryParams = WorkspaceParams.extend({ deliveryId: resourceId });

export const RotateSecretResponse = z.object({
  secret: z.string().describe("the new signing secret (whsec_…); shown once"),
  previousSecretExpiresAt: timestamp.describe("until then the previous secret signs too (second signature in webhook-signature)"),
});

export const TestSendResponse = z.object({ deliveryId: z.string() });

export const rotateEndpointSecretOp = defineOperation({
  id: "E6", method: "POST", path: "/endpoints/{endpointId}/secret/rotate", tag: "Endpoints", status: 200,
  summary: "Rotate an endpoint's signing secret; the previous one keeps signing for a grace period",
  params: EndpointParams, response: RotateSecretResponse,
});

export const testEndpointOp = defineOperation({
  id: "E7", method: "POST", path: "/endpoints/{endpointId}/test", tag: "Endpoints", status: 202,
  summary: "Send a test event (nahook.test) to an endpoint through the delivery pipeline",
  params: EndpointParams, response: TestSendResponse,
});

export const retryDeliveryOp = defineOperation({
  id: "D4", method: "POST", path: "/deliveries/{deliveryId}/retry", tag: "Deliveries", status: 200,
  summary: "Retry a failed or dead-lettered delivery now (409 in any other status)",
  params: DeliveryParams, response: DeliverySchema,
});
