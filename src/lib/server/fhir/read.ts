// Placeholder until piece C lands (replaced at merge): no type is readable yet.
import type { Reader } from './interactions';
import type { ResourceType } from './profiles';

export const readable: Partial<Record<ResourceType, Reader>> = {};
