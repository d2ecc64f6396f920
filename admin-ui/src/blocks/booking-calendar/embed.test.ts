import {
	calcomSignal,
	calcomTarget,
	calcomUi,
	calendlyFrameUrl,
	calendlySignal,
	parseColors,
} from './embed';

// A link as Lead_Capture::booking_link() makes it (add_query_arg keeps the brackets as they are).
const CALCOM =
	'https://cal.com/sunny-installs/solar-survey?name=Jamie%20Rivera&email=jamie%40example.org&metadata[sc_lead]=0123456789abcdef0123456789abcdef';
const CALENDLY =
	'https://calendly.com/sunny-installs/survey?name=Jamie%20Rivera&email=jamie%40example.org&utm_content=0123456789abcdef0123456789abcdef';

describe( 'calcomTarget', () => {
	it( 'splits the booking link into the origin, the Cal link and the config (prefill and token)', () => {
		expect( calcomTarget( CALCOM ) ).toEqual( {
			origin: 'https://cal.com',
			calLink: 'sunny-installs/solar-survey',
			config: {
				name: 'Jamie Rivera',
				email: 'jamie@example.org',
				'metadata[sc_lead]': '0123456789abcdef0123456789abcdef',
			},
		} );
	} );

	it( 'keeps a self-hosted instance and the parameters the owner put in the booking page', () => {
		expect(
			calcomTarget( 'https://cal.example.net/team/survey/?duration=30' )
		).toEqual( {
			origin: 'https://cal.example.net',
			calLink: 'team/survey',
			config: { duration: '30' },
		} );
	} );

	it( 'refuses what is not an http(s) booking page', () => {
		expect( calcomTarget( 'javascript:alert(1)' ) ).toBeNull();
		expect( calcomTarget( 'https://cal.com/' ) ).toBeNull();
		expect( calcomTarget( 'not a url' ) ).toBeNull();
	} );
} );

describe( 'colours', () => {
	it( 'keeps only #rrggbb values', () => {
		expect(
			parseColors(
				'{"brand":"#11AA22","text":"red","background":"#fff","brand_text":"#ffffff","x":"#000000"}'
			)
		).toEqual( { brand: '#11aa22', brand_text: '#ffffff' } );
		expect( parseColors( 'not json' ) ).toEqual( {} );
		expect( parseColors( undefined ) ).toEqual( {} );
	} );

	it( 'gives Cal.com the brand colour for its light theme, nothing when there is none', () => {
		expect(
			calcomUi( { brand: '#111111', brand_text: '#ffffff' } )
		).toEqual( {
			cssVarsPerTheme: {
				light: { 'cal-brand': '#111111', 'cal-brand-text': '#ffffff' },
			},
		} );
		expect( calcomUi( {} ) ).toBeNull();
	} );
} );

describe( 'calendlyFrameUrl', () => {
	it( 'adds the inline embed parameters and the page colours without "#" to the prefilled link', () => {
		const url = new URL(
			calendlyFrameUrl( CALENDLY, 'www.sunny-installs.example', {
				brand: '#503aa8',
				text: '#111111',
				background: '#ffffff',
			} )!
		);
		expect( `${ url.origin }${ url.pathname }` ).toBe(
			'https://calendly.com/sunny-installs/survey'
		);
		expect( Object.fromEntries( url.searchParams ) ).toEqual( {
			name: 'Jamie Rivera',
			email: 'jamie@example.org',
			utm_content: '0123456789abcdef0123456789abcdef',
			embed_domain: 'www.sunny-installs.example',
			embed_type: 'Inline',
			primary_color: '503aa8',
			text_color: '111111',
			background_color: 'ffffff',
		} );
	} );

	it( 'refuses a link that is not http(s)', () => {
		expect( calendlyFrameUrl( 'data:text/html,hi', 'x', {} ) ).toBeNull();
	} );
} );

describe( 'messages', () => {
	const cal = ( type: string, ns = 'solarcapture1' ) => ( {
		originator: 'CAL',
		type,
		namespace: ns,
		fullType: `CAL:${ ns }:${ type }`,
		data: {},
	} );

	it( "reads Cal.com's embed actions for our namespace only", () => {
		expect( calcomSignal( cal( 'linkReady' ), 'solarcapture1' ) ).toEqual( {
			kind: 'ready',
		} );
		expect( calcomSignal( cal( 'linkFailed' ), 'solarcapture1' ) ).toEqual(
			{ kind: 'failed' }
		);
		expect(
			calcomSignal( cal( 'bookingSuccessful' ), 'solarcapture1' )
		).toEqual( { kind: 'booked' } );
		expect(
			calcomSignal( cal( 'bookingSuccessfulV2' ), 'solarcapture1' )
		).toEqual( { kind: 'booked' } );
		expect(
			calcomSignal( cal( 'bookingSuccessful', 'other' ), 'solarcapture1' )
		).toBeNull();
		// An event type that needs the host's confirmation.
		expect(
			calcomSignal(
				{
					...cal( 'bookingSuccessfulV2' ),
					data: { status: 'PENDING' },
				},
				'solarcapture1'
			)
		).toEqual( { kind: 'booked', pending: true } );
		expect(
			calcomSignal(
				{ ...cal( 'bookingSuccessful' ), data: { confirmed: false } },
				'solarcapture1'
			)
		).toEqual( { kind: 'booked', pending: true } );
		expect(
			calcomSignal(
				{
					...cal( 'bookingSuccessfulV2' ),
					data: { status: 'ACCEPTED' },
				},
				'solarcapture1'
			)
		).toEqual( { kind: 'booked' } );
		expect(
			calcomSignal( cal( '__dimensionChanged' ), 'solarcapture1' )
		).toBeNull();
		expect(
			calcomSignal(
				{ ...cal( 'bookingSuccessful' ), originator: 'X' },
				'solarcapture1'
			)
		).toBeNull();
		expect( calcomSignal( 'CAL::bookingSuccessful', '' ) ).toBeNull();
	} );

	it( "reads Calendly's page events", () => {
		expect(
			calendlySignal( {
				event: 'calendly.event_scheduled',
				payload: {
					event: {
						uri: 'https://api.calendly.com/scheduled_events/AAAA',
					},
					invitee: {
						uri: 'https://api.calendly.com/scheduled_events/AAAA/invitees/BBBB',
					},
				},
			} )
		).toEqual( { kind: 'booked' } );
		expect(
			calendlySignal( {
				event: 'calendly.event_type_viewed',
				payload: {},
			} )
		).toEqual( { kind: 'ready' } );
		expect(
			calendlySignal( {
				event: 'calendly.page_height',
				payload: { height: '1146px' },
			} )
		).toEqual( { kind: 'height', height: 1146 } );
		expect( calendlySignal( { event: 'other.thing' } ) ).toBeNull();
		expect( calendlySignal( null ) ).toBeNull();
	} );
} );
