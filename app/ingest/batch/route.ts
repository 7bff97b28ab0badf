export { sendBatchHandler as POST } from "@/lib/ingestion/handlers";
