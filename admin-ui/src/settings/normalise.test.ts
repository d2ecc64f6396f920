import {
	looksLikeEmail,
	normaliseSettings,
	sameValues,
	settingsPayload,
} from './normalise';

describe( 'normaliseSettings', () => {
	it( 'reads the settings answer', () => {
		expect(
			normaliseSettings( {
				cta_show: 'email',
				cta_text: 'Book now',
				consent_text: 'You may call me about solar.',
				notification_email: 'sales@example.org',
				notify_on_booking: false,
				delete_data_on_uninstall: true,
				cta_text_default: 'Book your free survey call',
				consent_text_default: 'I agree to be contacted.',
				notification_email_default: 'admin@example.org',
			} )
		).toEqual( {
			cta_show: 'email',
			cta_text: 'Book now',
			consent_text: 'You may call me about solar.',
			consent_text_default: 'I agree to be contacted.',
			notification_email: 'sales@example.org',
			notify_on_booking: false,
			delete_data_on_uninstall: true,
			cta_text_default: 'Book your free survey call',
			notification_email_default: 'admin@example.org',
		} );
	} );

	it( 'falls back safely', () => {
		expect(
			normaliseSettings( {
				cta_show: 'always',
				delete_data_on_uninstall: 'yes',
			} )
		).toMatchObject( {
			cta_show: 'after_submit',
			cta_text: '',
			notify_on_booking: null,
			delete_data_on_uninstall: false,
		} );
		expect( normaliseSettings( undefined ).cta_show ).toBe(
			'after_submit'
		);
	} );

	it( 'knows the embedded calendar', () => {
		expect( normaliseSettings( { cta_show: 'embed' } ).cta_show ).toBe(
			'embed'
		);
	} );
} );

describe( 'settingsPayload', () => {
	it( 'sends the contract’s fields, trimmed, and notify_on_booking only when offered', () => {
		const values = normaliseSettings( {
			cta_show: 'never',
			cta_text: '  Hi  ',
			consent_text: ' I agree. ',
			notification_email: ' a@b.co ',
		} );
		expect( settingsPayload( values ) ).toEqual( {
			cta_show: 'never',
			cta_text: 'Hi',
			consent_text: 'I agree.',
			notification_email: 'a@b.co',
			delete_data_on_uninstall: false,
		} );
		expect(
			settingsPayload( { ...values, notify_on_booking: true } )
		).toHaveProperty( 'notify_on_booking', true );
		expect(
			(
				settingsPayload( { ...values, cta_text: 'x'.repeat( 500 ) } )
					.cta_text as string
			 ).length
		).toBe( 120 );
	} );
} );

describe( 'helpers', () => {
	it( 'accepts an empty or plausible e-mail', () => {
		expect( looksLikeEmail( '' ) ).toBe( true );
		expect( looksLikeEmail( 'sales@solar.example' ) ).toBe( true );
		expect( looksLikeEmail( 'sales@solar' ) ).toBe( false );
		expect( looksLikeEmail( 'two words@x.y' ) ).toBe( false );
	} );

	it( 'ignores surrounding spaces when comparing', () => {
		const a = normaliseSettings( { cta_text: 'Hi' } );
		expect( sameValues( a, { ...a, cta_text: ' Hi ' } ) ).toBe( true );
		expect( sameValues( a, { ...a, cta_show: 'never' } ) ).toBe( false );
	} );
} );
