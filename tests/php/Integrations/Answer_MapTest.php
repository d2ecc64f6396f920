<?php
/**
 * Integrations\Answer_Map: what the Integrations card may store as a provider's answer map.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Integrations;

use SolarCapture\Integrations\Answer_Map;
use SolarCapture\Integrations\Provider_Card;
use SolarCapture\Settings;
use SolarCapture\Tests\Test_Case;

/**
 * Sanitising, presenting and storing the map where the sidecar reads it.
 */
final class Answer_MapTest extends Test_Case {

	public function test_the_fields_come_from_lead_fields_json(): void {
		$this->assertSame( array( 'phone', 'address', 'postcode', 'monthly_bill', 'roof_type', 'homeowner', 'message' ), Answer_Map::fields() );
		$this->assertSame( array_merge( array( '' ), Answer_Map::fields() ), Answer_Map::arg()['additionalProperties']['enum'] );
	}

	public function test_questions_are_tidied_blank_rows_dropped_and_unused_kept(): void {
		$map = Answer_Map::sanitize(
			array(
				'  Monthly   electricity bill '  => 'monthly_bill',
				''                               => 'phone',
				'   '                            => 'phone',
				'<b>Best number</b> to call'     => 'phone',
				'Anything else?'                 => 'message',
				'How did you hear about us?'     => '',
				'123'                            => 'postcode',
			)
		);
		$this->assertEquals(
			(object) array(
				'Monthly electricity bill' => 'monthly_bill',
				'Best number to call'      => 'phone',
				'Anything else?'           => 'message',
				'How did you hear about us?' => '',
				'123'                      => 'postcode',
			),
			$map
		);
		$this->assertSame( '{}', wp_json_encode( Answer_Map::sanitize( array() ) ) );
	}

	public function test_bad_maps_are_a_400_saying_what_to_fix(): void {
		$bad = array(
			'not an object'   => 'phone',
			'unknown field'   => array( 'Email' => 'email' ),
			'not text'        => array( 'Phone' => array( 'phone' ) ),
			'twice'           => array(
				'Phone' => 'phone',
				'PHONE' => 'address',
			),
			'too long'        => array( str_repeat( 'q', 256 ) => 'phone' ),
			'too many'        => array_fill_keys( array_map( 'strval', range( 1, 51 ) ), 'phone' ),
		);
		foreach ( $bad as $why => $raw ) {
			$error = Answer_Map::sanitize( $raw );
			$this->assertInstanceOf( \WP_Error::class, $error, $why );
			$this->assertSame( 400, $error->get_error_data()['status'], $why );
		}
	}

	public function test_stored_in_the_providers_option_as_a_json_object_and_shown_on_the_card(): void {
		Settings::update_provider( 'calcom', array( 'answer_map' => Answer_Map::sanitize( array( 'Roof?' => 'roof_type' ) ) ) );
		$stored = json_decode( (string) get_option( Settings::PROVIDERS_OPTION ), true );
		$this->assertSame( array( 'Roof?' => 'roof_type' ), $stored['calcom']['answer_map'] );
		$this->assertEquals( (object) array( 'Roof?' => 'roof_type' ), Provider_Card::present( 'calcom', Settings::get_provider( 'calcom' ) )['answer_map'] );

		Settings::update_provider( 'calcom', array( 'answer_map' => Answer_Map::sanitize( array() ) ) );
		$this->assertStringContainsString( '"answer_map":{}', (string) get_option( Settings::PROVIDERS_OPTION ) );
		// A hand-edited option: junk entries are not shown.
		$this->assertEquals( (object) array( 'Phone' => 'phone' ), Answer_Map::present( array( 'Phone' => 'phone', 'Email' => 'email', 'X' => 3 ) ) );
		$this->assertEquals( (object) array(), Answer_Map::present( 'junk' ) );
		// The card of the request that saved it (the settings then hold sanitize()'s object).
		$saved = Settings::update_provider( 'calcom', array( 'answer_map' => Answer_Map::sanitize( array( 'Roof?' => 'roof_type' ) ) ) );
		$this->assertEquals( (object) array( 'Roof?' => 'roof_type' ), Provider_Card::present( 'calcom', $saved )['answer_map'] );
		Settings::update_provider( 'calcom', array( 'answer_map' => Answer_Map::sanitize( array() ) ) );
	}
}
