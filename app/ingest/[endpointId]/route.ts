export { sendHandler as POST } from "@/lib/ingestion/handlers";
