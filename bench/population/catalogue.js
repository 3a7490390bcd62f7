// The ICS's catalogue of care: about 30 GP practices, 2 hospital trusts, community providers,
// councils and voluntary organisations, with their places, about 1,500 services, their care
// teams and staff. Sizes are fixed whatever the population: an ICS of 200,000 people and one of
// 2 million are measured against the same catalogue, so only the population changes between them.

/** Boroughs of the fictional ICS (the demo's two and four more), each with its postcode districts. */
export const boroughs = [
	{ name: 'Eastmere', districts: ['E20', 'E15', 'E16'] },
	{ name: 'Westbrook', districts: ['E21', 'E9', 'E8'] },
	{ name: 'Northgate', districts: ['N17', 'N15', 'N18'] },
	{ name: 'Southmoor', districts: ['SE15', 'SE22', 'SE5'] },
	{ name: 'Kingsfield', districts: ['E17', 'E10', 'E11'] },
	{ name: 'Lowbridge', districts: ['E13', 'E6', 'E7'] }
];

const practiceServices = [
	{ name: 'GP appointment', kind: 'gp', modes: ['in_person', 'phone', 'video', 'home_visit'] },
	{ name: 'Practice nurse', kind: 'nursing', modes: ['in_person', 'phone'] },
	{ name: 'Blood tests', kind: 'nursing', modes: ['in_person'] },
	{ name: 'Diabetes review', kind: 'nursing', modes: ['in_person', 'phone'] },
	{ name: 'Asthma and COPD review', kind: 'nursing', modes: ['in_person', 'phone'] },
	{ name: 'Medicines review with the pharmacist', kind: null, modes: ['phone', 'in_person'] },
	{ name: 'First contact physiotherapist', kind: 'therapy', modes: ['in_person', 'phone'] },
	{
		name: 'Mental health practitioner',
		kind: 'mental_health',
		modes: ['in_person', 'phone'],
		label: 'mental_health'
	},
	{ name: 'Social prescribing link worker', kind: 'social_prescribing', modes: ['phone'] },
	{ name: 'Flu and COVID-19 vaccination', kind: 'vaccination', modes: ['in_person'] }
];

const specialties = [
	['Cardiology', 'specialist_clinic'],
	['Dermatology', 'specialist_clinic'],
	['Diabetes and endocrinology', 'specialist_clinic'],
	['Ear, nose and throat', 'specialist_clinic'],
	['Gastroenterology', 'specialist_clinic'],
	['General surgery', 'specialist_clinic'],
	['Gynaecology', 'specialist_clinic'],
	['Haematology', 'specialist_clinic'],
	['Neurology', 'specialist_clinic'],
	['Ophthalmology', 'specialist_clinic'],
	['Oncology', 'specialist_clinic'],
	['Trauma and orthopaedics', 'specialist_clinic'],
	['Paediatrics', 'specialist_clinic'],
	['Respiratory medicine', 'specialist_clinic'],
	['Rheumatology', 'specialist_clinic'],
	['Urology', 'specialist_clinic'],
	['Renal medicine', 'specialist_clinic'],
	['Vascular surgery', 'specialist_clinic'],
	['Breast surgery', 'specialist_clinic'],
	['Colorectal surgery', 'specialist_clinic'],
	['Pain management', 'specialist_clinic'],
	['Audiology', 'hearing'],
	['Physiotherapy', 'therapy'],
	['Occupational therapy', 'therapy'],
	['Speech and language therapy', 'therapy'],
	['Dietetics', 'therapy'],
	['Antenatal care', 'specialist_clinic'],
	['Fracture clinic', 'specialist_clinic'],
	['Memory clinic', 'mental_health', 'mental_health'],
	['Sleep medicine', 'specialist_clinic'],
	['Allergy', 'specialist_clinic'],
	['Sexual health', 'specialist_clinic', 'sexual_health'],
	['Stroke', 'specialist_clinic'],
	['Older people’s medicine', 'specialist_clinic'],
	['Anticoagulation', 'nursing'],
	['Hepatology', 'specialist_clinic'],
	['Orthoptics', 'specialist_clinic'],
	['Plastic surgery', 'specialist_clinic'],
	['Infectious diseases', 'specialist_clinic'],
	['Psychiatry', 'mental_health', 'mental_health']
];

const communityServices = [
	['District nursing', 'nursing', ['home_visit', 'phone']],
	['Podiatry', 'therapy', ['in_person']],
	['Community physiotherapy', 'therapy', ['in_person', 'home_visit', 'video']],
	['Musculoskeletal service', 'therapy', ['in_person', 'video']],
	['Wheelchair service', 'therapy', ['in_person']],
	['Continence service', 'nursing', ['in_person', 'phone']],
	['Tissue viability', 'nursing', ['in_person', 'home_visit']],
	['Adult speech and language therapy', 'therapy', ['in_person', 'video']],
	['Health visiting', 'nursing', ['home_visit', 'in_person']],
	['School nursing', 'nursing', ['in_person']],
	['Community mental health team', 'mental_health', ['in_person', 'phone'], 'mental_health'],
	['Talking therapies', 'mental_health', ['phone', 'video', 'in_person'], 'mental_health'],
	['Memory assessment service', 'mental_health', ['in_person'], 'mental_health'],
	['Falls prevention', 'therapy', ['in_person', 'home_visit']],
	['Stop smoking service', null, ['phone', 'in_person']],
	['Weight management', null, ['in_person', 'video']],
	['Sexual health clinic', null, ['in_person'], 'sexual_health'],
	['Community diabetes team', 'nursing', ['in_person', 'phone']],
	['Heart failure nurses', 'nursing', ['in_person', 'home_visit']],
	['Respiratory team', 'nursing', ['in_person', 'home_visit']],
	['Community dental service', null, ['in_person']],
	['Children’s therapies', 'therapy', ['in_person']],
	['Palliative care team', 'nursing', ['home_visit', 'phone']],
	['Phlebotomy', 'nursing', ['in_person']],
	['Lymphoedema clinic', 'nursing', ['in_person']]
];

const councilServices = [
	['Adult social care assessment', 'social_care', ['home_visit', 'phone'], 'social_care'],
	['Carer’s assessment', 'social_care', ['phone', 'in_person'], 'social_care'],
	['Reablement', 'social_care', ['home_visit'], 'social_care'],
	['Occupational therapy assessment', 'therapy', ['home_visit'], 'social_care'],
	['Equipment and adaptations', 'social_care', ['home_visit'], 'social_care'],
	['Housing support', null, ['in_person', 'phone']],
	['Welfare benefits advice', null, ['in_person', 'phone']],
	['Sensory impairment team', 'hearing', ['in_person', 'home_visit'], 'social_care'],
	['Learning disability team', 'social_care', ['in_person', 'home_visit'], 'social_care'],
	['Blue Badge assessment', null, ['in_person']],
	['Meals at home', 'social_care', ['phone'], 'social_care'],
	['Healthy lifestyles', null, ['in_person', 'phone']]
];

const voluntaryServices = [
	['Social prescribing', 'social_prescribing', ['in_person', 'phone']],
	['Befriending', 'social_prescribing', ['phone', 'in_person']],
	['Carers’ support group', 'social_prescribing', ['in_person']],
	['Debt and money advice', null, ['in_person', 'phone']],
	['Gentle exercise class', 'social_prescribing', ['in_person']],
	['Walking group', 'social_prescribing', ['in_person']],
	['Bereavement support', 'mental_health', ['in_person', 'phone']],
	['English conversation club', 'social_prescribing', ['in_person']],
	['Digital skills drop-in', null, ['in_person']],
	['Dementia café', 'social_prescribing', ['in_person']]
];

const voluntaryOrganisations = [
	'Age UK',
	'Carers Centre',
	'Citizens Advice',
	'Community Hub',
	'Mind',
	'Refugee and Migrant Forum',
	'Somali Welfare Association',
	'Bangladeshi Women’s Association',
	'Polish Community Centre'
];

/**
 * Builds the catalogue through `insert` (table name, row object) and returns what the population
 * needs: practices with their services and places, every service with its diary place, and the
 * staff of each organisation. `faker` gives consultants' names and places' street addresses.
 */
export function buildCatalogue({ faker, insert, ids, createdAt }) {
	let phoneNumber = 0;
	// Ofcom's drama range (020 7946 0000 to 0999), as the demo: never anyone's real number.
	const nextPhone = () => `020 7946 ${String(phoneNumber++ % 1000).padStart(4, '0')}`;
	const organisations = [];
	const services = [];
	const organisation = (name, kind, borough) => {
		const row = { id: ids.next('organisations'), name, kind, borough: borough.name };
		const phone = nextPhone();
		insert('organisations', { ...row, phone, created_at: createdAt });
		const made = { ...row, phone, borough, places: [], services: [], teams: [], staff: [] };
		organisations.push(made);
		return made;
	};
	const place = (org, name, { hub = false } = {}) => {
		const district = faker.helpers.arrayElement(org.borough.districts);
		const row = {
			id: ids.next('locations'),
			organisation_id: org.id,
			name,
			address: `${faker.location.buildingNumber()} ${faker.location.street()}, ${org.borough.name}, London`,
			postcode: postcodeIn(faker, district),
			step_free_access: faker.number.float() < 0.85 ? 1 : 0,
			hearing_loop: faker.number.float() < 0.7 ? 1 : 0,
			community_hub: hub ? 1 : 0
		};
		insert('locations', row);
		org.places.push(row);
		return row;
	};
	const service = (org, values, at) => {
		const row = {
			id: ids.next('services'),
			organisation_id: org.id,
			name: values.name,
			kind: values.kind ?? null,
			modes: JSON.stringify(values.modes),
			phone: org.phone,
			cancellation_cutoff_minutes: values.modes.includes('home_visit') ? 24 * 60 : 120,
			response_target_working_days: org.kind === 'gp_practice' ? 2 : 5,
			label: values.label ?? 'general'
		};
		insert('services', row);
		const made = { ...row, modes: values.modes, organisation: org, place: at };
		org.services.push(made);
		services.push(made);
		return made;
	};
	const team = (org, name) => {
		const row = { id: ids.next('care_teams'), organisation_id: org.id, name, phone: org.phone };
		insert('care_teams', row);
		org.teams.push(row);
		return row;
	};

	// Practices: list sizes differ a lot (Zipf-like), so one practice is much the busiest.
	const practices = [];
	for (let n = 0; n < 30; n++) {
		const borough = boroughs[n % boroughs.length];
		const street = faker.location.street();
		const name =
			n % 3 === 0
				? `${street.split(' ')[0]} Medical Centre`
				: n % 3 === 1
					? `${street.split(' ')[0]} Surgery`
					: `${borough.name} ${faker.helpers.arrayElement(['Health Centre', 'Group Practice', 'Family Practice'])}`;
		const org = organisation(name, 'gp_practice', borough);
		const main = place(org, name);
		if (n % 4 === 0) place(org, `${name} (branch surgery)`);
		for (const values of practiceServices) service(org, values, main);
		team(org, 'GP team');
		team(org, 'Practice nursing team');
		team(org, 'Practice pharmacist');
		practices.push({ organisation: org, weight: 1 / (n + 2) });
	}

	// Two hospital trusts, three sites each, with every specialty's consultant-led clinics.
	const trusts = [];
	for (const [index, name] of [
		'Eastmere and Westbrook Hospitals NHS Foundation Trust',
		'North and South Moor University Hospitals NHS Trust'
	].entries()) {
		const borough = boroughs[index * 2];
		const org = organisation(name, 'hospital_trust', borough);
		const sites = [
			place(org, `${borough.name} General Hospital, Outpatients`),
			place(org, `${boroughs[index * 2 + 1].name} Community Hospital`),
			place(org, `${boroughs[index * 2 + 2].name} Diagnostic and Treatment Centre`)
		];
		for (const [specialty, kind, label] of specialties) {
			team(org, specialty);
			const clinics = faker.number.int({ min: 6, max: 14 });
			for (let c = 0; c < clinics; c++) {
				const doctor = `${faker.person.firstName()} ${faker.person.lastName()}`;
				const clinic =
					c === 0
						? `${specialty}: new patients`
						: c === 1
							? `${specialty}: follow-up`
							: `${specialty}: Dr ${doctor}’s clinic`;
				service(
					org,
					{
						name: clinic,
						kind,
						label,
						modes: c % 3 === 2 ? ['in_person', 'video'] : ['in_person']
					},
					sites[c % sites.length]
				);
			}
		}
		team(org, 'Discharge team');
		trusts.push(org);
	}

	// Community health: one provider for each pair of boroughs.
	for (let n = 0; n < 3; n++) {
		const borough = boroughs[n * 2];
		const org = organisation(
			`${borough.name} and ${boroughs[n * 2 + 1].name} Community Health`,
			'community_provider',
			borough
		);
		const hubs = [
			place(org, `${borough.name} Health Hub`, { hub: true }),
			place(org, `${boroughs[n * 2 + 1].name} Health Hub`, { hub: true })
		];
		for (const [name, kind, modes, label] of communityServices) {
			for (const hub of hubs) {
				service(
					org,
					{ name: `${name} (${hub.name.replace(' Health Hub', '')})`, kind, modes, label },
					hub
				);
			}
			team(org, name);
		}
	}

	// A council for each borough.
	for (const borough of boroughs) {
		const org = organisation(`${borough.name} Council Adult Social Care`, 'council', borough);
		const hall = place(org, `${borough.name} Town Hall`, { hub: true });
		for (const [name, kind, modes, label] of councilServices)
			service(org, { name, kind, modes, label }, hall);
		team(org, 'Reablement team');
		team(org, 'Social work team');
	}

	// Voluntary organisations in every borough.
	for (const borough of boroughs) {
		for (const charity of voluntaryOrganisations) {
			const org = organisation(`${borough.name} ${charity}`, 'voluntary_sector', borough);
			const centre = place(org, `${borough.name} ${charity}`, { hub: charity === 'Community Hub' });
			const offered = faker.helpers.arrayElements(voluntaryServices, { min: 1, max: 3 });
			for (const [name, kind, modes] of offered) service(org, { name, kind, modes }, centre);
			team(org, offered[0][0]);
		}
	}

	return { organisations, services, practices, trusts };
}

/**
 * The unit letters of the demo's made-up deprivation lookup (src/lib/server/demo/deprivation/
 * made-up-postcodes.csv), which has these eight units in every sector of every district here.
 */
const coveredUnits = ['AB', 'DE', 'FG', 'HJ', 'LN', 'PQ', 'RS', 'TU'];

/**
 * A postcode in one of the borough's districts: district, then sector digit and unit letters,
 * one the made-up deprivation lookup covers, so every resident has a decile. The same draws as
 * before, so the rest of the population is unchanged.
 */
export function postcodeIn(faker, district) {
	const sector = faker.number.int(9);
	const drawn = faker.string.fromCharacters('ABDEFGHJLNPQRSTUWXYZ', 2);
	const unit = coveredUnits[(drawn.charCodeAt(0) + drawn.charCodeAt(1)) % coveredUnits.length];
	return `${district} ${sector}${unit}`;
}
