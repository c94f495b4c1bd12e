// One Powertools Logger per function: JSON lines with the service name (POWERTOOLS_SERVICE_NAME,
// set by the stack), the level, and errors with their name, message, location and stack.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger();
