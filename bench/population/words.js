// What people and staff write in the generated population: care plans, requests for contact and
// the messages about them, in the shapes the app stores (CarePlanContent, request events).

/**
 * Care plan templates. `teams` names the organisation's care teams each action belongs to; the
 * generator puts in the team ids. Later versions move goals and actions on, as reviews do.
 */
export const carePlanTemplates = [
	{
		title: 'Living well with type 2 diabetes',
		kind: 'long_term_condition',
		label: 'general',
		summary:
			'Your blood sugar is a little high. Together we aim to bring it down, look after your feet, and help you feel in charge of your diabetes.',
		goals: [
			'Bring my HbA1c (long-term blood sugar) below 53',
			'Walk for 20 minutes on most days',
			'Understand what I eat and how it affects me'
		],
		actions: [
			['diabetes-review', 'Diabetes review with blood test', 'Every 6 months'],
			['foot-check', 'Foot check and nail care', 'Every 3 months'],
			['education', 'Six-week course about living with diabetes', 'Tuesday mornings']
		],
		ifWorse:
			'If your blood sugar stays above 15 for more than a day, or you feel very thirsty and tired, call the practice the same day.'
	},
	{
		title: 'Breathing easier with COPD',
		kind: 'long_term_condition',
		label: 'general',
		summary:
			'Your lungs are working less well than they did. We will help you use your inhalers well, stay active and know what to do when your breathing gets worse.',
		goals: ['Walk to the shops without stopping', 'Have fewer chest infections this winter'],
		actions: [
			['inhaler-check', 'Check how you use your inhalers', 'At your next review'],
			['rescue-pack', 'Keep a rescue pack of medicines at home', 'Now, renewed each year'],
			['rehab', 'Pulmonary rehabilitation classes', 'Twice a week for 8 weeks']
		],
		ifWorse:
			'If you are more breathless than usual and your rescue pack has not helped within 2 days, call the practice. If you cannot speak in full sentences, call 999.'
	},
	{
		title: 'Going home from hospital',
		kind: 'hospital_discharge',
		label: 'general',
		summary:
			'You are going home after your stay in hospital. Nurses will visit to look after your wound, and the reablement team will help you get back to doing things for yourself.',
		goals: ['The wound on my leg heals', 'Get washed and dressed on my own again'],
		actions: [
			['wound-care', 'Wound dressing changed', 'Every 2 days at home'],
			[
				'reablement',
				'Help at home with washing, dressing and meals',
				'Mornings, for up to 6 weeks'
			],
			[
				'medicines',
				'Check your medicines after your stay in hospital',
				'Within 2 weeks of going home'
			]
		],
		ifWorse:
			'If the wound gets red, hot, swollen or smells, call community nursing the same day. If you fall again, call 999 if you are hurt.'
	},
	{
		title: 'Looking after your heart',
		kind: 'long_term_condition',
		label: 'general',
		summary:
			'Your heart is not pumping as strongly as it should. Your medicines, weighing yourself each morning and regular checks will help you stay well at home.',
		goals: ['Weigh myself every morning and write it down', 'Be able to climb the stairs at home'],
		actions: [
			['heart-nurse', 'Visit from the heart failure nurse', 'Every 4 weeks'],
			['bloods', 'Blood test for your kidneys and salts', 'Every 3 months'],
			['medicines', 'Review of your heart medicines', 'Every 6 months']
		],
		ifWorse:
			'If your weight goes up by 2 kg in 3 days, or your ankles swell more, call the heart failure nurses the same day.'
	},
	{
		title: 'Feeling better in yourself',
		kind: 'wellbeing',
		label: 'mental_health',
		summary:
			'You have been feeling low and anxious. We will help you with talking therapy and a weekly activity you enjoy.',
		goals: ['Go out of the house on my own each week', 'Sleep through most nights'],
		actions: [
			['talking-therapy', 'Talking therapy, six sessions', 'Weekly'],
			['activity', 'A weekly group you choose with your link worker', 'From next month']
		],
		ifWorse:
			'If you feel you might harm yourself, call 999 or the NHS 111 mental health option (press 2), any time.'
	}
];

/** What matters to people, in their words. */
export const whatMatters = [
	'Being able to look after my grandchildren on Saturdays.',
	'Staying in my own home and keeping my garden going.',
	'Getting back to work part-time.',
	'Going to my place of worship every week.',
	'Walking my dog every day.',
	'Cooking for my family again.',
	null,
	null
];

export const requestDetails = {
	new_problem: [
		'I have had a pain in my chest when I walk uphill for two weeks.',
		'Headaches most days for three weeks, worse in the morning.',
		'A rash on my arms that is not going away with cream.',
		'My child has had a cough for four weeks and it is worse at night.'
	],
	ongoing_condition: [
		'My legs have been swelling more this month and I would like the nurse to look at them.',
		'My knee is worse and I am finding the stairs hard.',
		'My blood sugar readings have been high since I started the new tablets.',
		'My back pain is not getting better with the exercises.'
	],
	medicines: [
		'I would like to talk to someone about my new tablets, they make me dizzy.',
		'Can someone review my medicines? I take a lot of them now.'
	],
	test_results: [
		'I had a blood test last week and would like to talk about the results.',
		'I was told my scan results would come to the practice. Can we discuss them?'
	],
	care_plan: ['I would like to go through my care plan with the nurse, face to face.'],
	support_at_home: [
		'I am finding it hard to manage at home since my fall.',
		'My mother needs more help with washing and dressing.'
	],
	something_else: ['I need a letter for my housing application and would like to discuss it.']
};

export const staffMessages = [
	'Thank you. A GP will look at your request today and we will offer you a time.',
	'We have read your request. Can you tell us which mornings suit you best?',
	'Thank you for waiting. The nurse would like to see you at the surgery.',
	'We will phone you tomorrow morning to arrange a time.',
	'Your request has been passed to the right team, who will contact you this week.'
];

export const patientReplies = [
	'Thank you. Tuesday or Thursday mornings are best for me.',
	'Any day after 10am is fine.',
	'Please phone my daughter, she helps me with appointments.',
	'Thank you, I will wait for your call.'
];

export const closingNotes = [
	'The nurse phoned you and talked it through.',
	'Seen at the surgery; nothing more is needed for now.',
	'Booked into the clinic; you have been sent the details.',
	'Passed to community nursing, who will visit.'
];
