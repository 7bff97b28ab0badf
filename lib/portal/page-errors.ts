import { notFound } from "next/navigation";
import { ApiError } from "@/lib/http/errors";

/** For pages: a domain "not found" (including another application's id) renders the 404 page. */
export async function orNotFound<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ApiError && error.code === "not_found") notFound();
    throw error;
  }
}
