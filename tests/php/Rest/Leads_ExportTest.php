<?php
/**
 * Rest\Leads_Export::line(): one CSV record no spreadsheet runs as a formula.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Rest;

use PHPUnit\Framework\TestCase;
use SolarCapture\Rest\Leads_Export;

/**
 * Every cell quoted; formulas defused however they are dressed up.
 */
final class Leads_ExportTest extends TestCase {

	public function test_every_cell_is_quoted_so_no_separator_splits_it(): void {
		$this->assertSame( "\"Jamie\",\"a;b\",\"c,d\",\"say \"\"hi\"\"\",\"\"\r\n", Leads_Export::line( array( 'Jamie', 'a;b', 'c,d', 'say "hi"', '' ) ) );
	}

	/**
	 * @dataProvider formulas
	 */
	public function test_a_formula_gets_a_leading_apostrophe( string $cell ): void {
		$this->assertTrue( Leads_Export::is_formula( $cell ), $cell );
		$this->assertSame( '"\'' . str_replace( '"', '""', $cell ) . "\"\r\n", Leads_Export::line( array( $cell ) ) );
	}

	public static function formulas(): array {
		return array(
			'equals'              => array( '=HYPERLINK("http://evil.example","x")' ),
			'plus'                => array( '+1+cmd|" /C calc"!A0' ),
			'minus'               => array( '-2+3' ),
			'at'                  => array( '@SUM(A1:A2)' ),
			'tab'                 => array( "\t=1" ),
			'carriage return'     => array( "\r=1" ),
			'full-width equals'   => array( '＝1+1' ),
			'full-width plus'     => array( '＋1' ),
			'full-width minus'    => array( '－1' ),
			'full-width at'       => array( '＠SUM(1)' ),
			'after spaces'        => array( '   =1+1' ),
			'after a quote'       => array( '"=1+1' ),
			'after an apostrophe' => array( "'=1+1" ),
			'after no-break space' => array( "\u{00A0}=1" ),
			'after ideographic space' => array( "\u{3000}＝1" ),
		);
	}

	public function test_ordinary_text_and_numbers_stay_as_they_are(): void {
		foreach ( array( 'Jamie Rivera', 'jamie@example.org', '07700 900123', '99.5', '2026-12-07 10:00:00+00:00', 'Zoë Ångström', 'a=b', 'Flat 1 - Block 2' ) as $cell ) {
			$this->assertFalse( Leads_Export::is_formula( $cell ), $cell );
			$this->assertSame( '"' . $cell . "\"\r\n", Leads_Export::line( array( $cell ) ) );
		}
	}

	public function test_a_phone_number_with_a_plus_stays_readable(): void {
		$this->assertSame( "\"'+44 7700 900123\"\r\n", Leads_Export::line( array( '+44 7700 900123' ) ) );
	}

	public function test_bytes_that_are_not_utf8_are_still_checked(): void {
		$this->assertTrue( Leads_Export::is_formula( "=1\xff" ) );
		$this->assertFalse( Leads_Export::is_formula( "ok\xff" ) );
	}
}
