import { stepsOption } from './stageKeys';

const press = (
	key: string,
	mods: Partial< Record< 'altKey' | 'ctrlKey' | 'metaKey', boolean > > = {}
) => ( {
	key,
	altKey: false,
	ctrlKey: false,
	metaKey: false,
	...mods,
} );

describe( 'stepsOption', () => {
	it( 'treats arrow keys, Home/End, paging and type-ahead as stepping', () => {
		for ( const key of [
			'ArrowUp',
			'ArrowDown',
			'ArrowLeft',
			'ArrowRight',
			'Home',
			'End',
			'PageUp',
			'PageDown',
			'c',
			'N',
		] ) {
			expect( stepsOption( press( key ) ) ).toBe( true );
		}
	} );

	it( 'does not treat opening the list, Space, Tab or Enter as stepping', () => {
		expect( stepsOption( press( 'ArrowDown', { altKey: true } ) ) ).toBe(
			false
		);
		expect( stepsOption( press( ' ' ) ) ).toBe( false );
		expect( stepsOption( press( 'Tab' ) ) ).toBe( false );
		expect( stepsOption( press( 'Enter' ) ) ).toBe( false );
		expect( stepsOption( press( 'a', { ctrlKey: true } ) ) ).toBe( false );
	} );
} );
