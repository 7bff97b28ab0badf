export { triggerHandler as POST } from "@/lib/ingestion/handlers";
