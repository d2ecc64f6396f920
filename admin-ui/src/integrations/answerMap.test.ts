import leadFieldsFile from '../../../plugin/lead-fields.json';
import {
	ANSWER_FIELDS,
	DEFAULT_RULES,
	defaultFieldFor,
	isChanged,
	mapFromRows,
	newRow,
	rowProblems,
	rowsFromMap,
} from './answerMap';

describe( 'the answer map contract', () => {
	it( 'offers the fields lead-fields.json declares, each a lead field', () => {
		expect( ANSWER_FIELDS ).toEqual( [
			'phone',
			'address',
			'postcode',
			'monthly_bill',
			'roof_type',
			'homeowner',
			'message',
		] );
		const keys = leadFieldsFile.fields.map( ( field ) => field.key );
		for ( const field of ANSWER_FIELDS ) {
			expect( keys ).toContain( field );
		}
		expect( DEFAULT_RULES.map( ( rule ) => rule.field ) ).toEqual( [
			'postcode',
			'monthly_bill',
			'homeowner',
			'roof_type',
			'phone',
			'address',
		] );
	} );

	it( 'each default matches its own examples', () => {
		for ( const rule of DEFAULT_RULES ) {
			expect( rule.examples.length ).toBeGreaterThan( 0 );
			for ( const example of rule.examples ) {
				expect( defaultFieldFor( example ) ).toBe( rule.field );
			}
		}
	} );

	it( 'finds the default the sidecar would use, by label', () => {
		expect( defaultFieldFor( 'Phone number' ) ).toBe( 'phone' );
		expect( defaultFieldFor( 'ZIP' ) ).toBe( 'postcode' );
		expect( defaultFieldFor( 'Your monthly electricity bill (£)' ) ).toBe(
			'monthly_bill'
		);
		expect( defaultFieldFor( 'Do you own the property?' ) ).toBe(
			'homeowner'
		);
		expect( defaultFieldFor( 'E-mail address' ) ).toBeNull();
		expect( defaultFieldFor( 'Anything else?' ) ).toBeNull();
		expect( defaultFieldFor( '   ' ) ).toBeNull();
	} );
} );

describe( 'rows and the stored map', () => {
	it( 'round-trips, tidying questions and dropping blank rows', () => {
		const rows = rowsFromMap( { 'Best time to call': 'message' } );
		expect( rows ).toHaveLength( 1 );
		rows.push(
			newRow( '  Roof   shape? ', 'roof_type' ),
			newRow( ' ', 'phone' )
		);
		rows.push( newRow( 'Where did you hear of us', '' ) );
		expect( mapFromRows( rows ) ).toEqual( {
			'Best time to call': 'message',
			'Roof shape?': 'roof_type',
			'Where did you hear of us': '',
		} );
	} );

	it( 'knows when there is something to save', () => {
		const map = { Phone: 'phone' };
		const rows = rowsFromMap( map );
		expect( isChanged( rows, map ) ).toBe( false );
		expect( isChanged( [ ...rows, newRow( '', 'phone' ) ], map ) ).toBe(
			false
		);
		expect( isChanged( [ { ...rows[ 0 ], field: 'address' } ], map ) ).toBe(
			true
		);
		expect( isChanged( [], map ) ).toBe( true );
	} );

	it( 'flags a question listed twice, one too long and an unknown field', () => {
		const a = newRow( 'Phone', 'phone' );
		const b = newRow( ' phone ', 'address' );
		const c = newRow( 'q'.repeat( 256 ), 'phone' );
		const d = newRow( 'E-mail', 'email' );
		const e = newRow( '', 'nonsense' );
		const problems = rowProblems( [ a, b, c, d, e ] );
		expect( problems.get( a.id ) ).toBeUndefined();
		expect( problems.get( b.id ) ).toBe( 'duplicate' );
		expect( problems.get( c.id ) ).toBe( 'too-long' );
		expect( problems.get( d.id ) ).toBe( 'no-field' );
		expect( problems.has( e.id ) ).toBe( false );
	} );
} );
