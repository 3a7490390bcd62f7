// Placeholder until piece E lands (replaced at merge): no type is writable yet.
import type { Writer } from './interactions';
import type { ResourceType } from './profiles';

export const writable: Partial<Record<ResourceType, Writer>> = {};
