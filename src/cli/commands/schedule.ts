import type { RegisterCommand } from './index.js';

// Placeholder until the command lands.
export const registerSchedule: RegisterCommand = () => {};
