/** Pieces shared by every vehicle schema. */
import { z } from "zod";

export const VehicleId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "ids start with a letter and use letters, digits, _ and -")
  .refine((s) => s !== "programme", { message: '"programme" is reserved for the programme view' });
