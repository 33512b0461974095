import { contextInput } from '@agent-studio/core';
import { z } from 'zod';

/**
 * The case the employee has open in the console, bound from the `RecordId` request variable: a
 * record id is never a model input (R-ACT-IN-1), so the model cannot point an action at another
 * case.
 */
export const CaseId = contextInput('RecordId', z.string().min(15).max(18), { kind: 'recordId' });
