export { triggerBatchHandler as POST } from "@/lib/ingestion/handlers";
