// The permissions question, as posted by the invitation and change forms.
import type { FieldError } from '$lib/forms';
import { proxyPermissions, sensitivityLabels } from '../db/schema';
import { chosenOptions } from '../forms';
import type { Permissions } from './people';

export function readPermissions(form: FormData): { grant: Permissions; errors: FieldError[] } {
	const grant = {
		permissions: chosenOptions(form, 'permissions', proxyPermissions),
		carePlanLabels: chosenOptions(form, 'labels', sensitivityLabels)
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
