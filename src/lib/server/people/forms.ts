// The permissions question, as posted by the invitation and change forms.
import type { FieldError } from '$lib/forms';
import { proxyPermissions, sensitivityLabels } from '../db/schema';
import type { Permissions } from './people';

function chosenFrom<T extends string>(form: FormData, name: string, options: readonly T[]): T[] {
	const values = form.getAll(name).filter((value): value is string => typeof value === 'string');
	return options.filter((option) => values.includes(option));
}

export function readPermissions(form: FormData): { grant: Permissions; errors: FieldError[] } {
	const grant = {
		permissions: chosenFrom(form, 'permissions', proxyPermissions),
		carePlanLabels: chosenFrom(form, 'labels', sensitivityLabels)
	};
	const errors: FieldError[] = [];
	if (grant.permissions.length === 0) {
		errors.push({ field: 'permissions', message: 'people.errors.permissionsMissing' });
	}
	if (grant.permissions.includes('care_plans.view') && grant.carePlanLabels.length === 0) {
		errors.push({ field: 'labels', message: 'people.errors.labelsMissing' });
	}
	return { grant, errors };
}
