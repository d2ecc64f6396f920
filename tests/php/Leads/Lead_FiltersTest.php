<?php
/**
 * Leads\Lead_Filters' awaiting-payment and attribution filters, through every plan of
 * Lead_Query (plain page, merged stages, both search paths, the export's chunks), and the
 * values the attribution filters offer.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Leads;

use SolarCapture\Leads\Lead_Filters;
use SolarCapture\Leads\Lead_Query;
use SolarCapture\Tests\Test_Case;

/**
 * A planner whose search thresholds are reached with a few leads.
 */
final class Tiny_Lead_Query extends Lead_Query {
	public const SEARCH_CAP      = 2;
	public const SEARCH_SORT_MAX = 4;
	public const CHUNK           = 2;
}

/**
 * Awaiting payment, UTM source and UTM campaign.
 */
final class Lead_FiltersTest extends Test_Case {

	/**
	 * Lead ids by name.
	 *
	 * @var array<string,int>
	 */
	private $ids = array();

	protected function setUp(): void {
		parent::setUp();
		$this->ids = array();
		// name => stage, first source, first campaign, latest source, latest campaign.
		$people = array(
			'Abandoned Only'   => array( 'new', 'google', 'spring, 2026 & more', '', '' ),
			'Paid Later'       => array( 'booked', 'google', 'spring', 'facebook', 'summer' ),
			'Booked Then Left' => array( 'booked', '', '', 'news letter', 'spring' ),
			'No Bookings'      => array( 'new', 'facebook', 'summer', 'facebook', 'summer' ),
			'Cancelled Later'  => array( 'contacted', 'bing', '', 'google', 'autumn' ),
			'Plain Booked'     => array( 'booked', '', '', '', '' ),
		);
		$i = 0;
		foreach ( $people as $name => $p ) {
			$this->ids[ $name ] = $this->lead(
				array(
					'name'               => $name,
					'email'              => strtolower( str_replace( ' ', '.', $name ) ) . '@example.org',
					'stage'              => $p[0],
					'first_utm_source'   => $p[1],
					'first_utm_campaign' => $p[2],
					'last_utm_source'    => $p[3],
					'last_utm_campaign'  => $p[4],
					'created_at'         => gmdate( 'Y-m-d H:i:s', strtotime( '2026-02-01 09:00:00 UTC' ) + 3600 * $i++ ),
				)
			);
		}
		$this->booking( array( 'lead_id' => $this->ids['Abandoned Only'], 'status' => 'awaiting_payment' ) );
		$this->booking( array( 'lead_id' => $this->ids['Paid Later'], 'status' => 'awaiting_payment' ) );
		$this->booking( array( 'lead_id' => $this->ids['Paid Later'], 'status' => 'accepted' ) );
		$this->booking( array( 'lead_id' => $this->ids['Booked Then Left'], 'status' => 'accepted' ) );
		$this->booking( array( 'lead_id' => $this->ids['Booked Then Left'], 'status' => 'awaiting_payment' ) );
		$this->booking( array( 'lead_id' => $this->ids['Cancelled Later'], 'status' => 'awaiting_payment' ) );
		$this->booking( array( 'lead_id' => $this->ids['Cancelled Later'], 'status' => 'cancelled' ) );
		$this->booking( array( 'lead_id' => $this->ids['Plain Booked'], 'status' => 'accepted' ) );
		// A booking nobody's lead has (lead deleted): matches no lead.
		$this->booking( array( 'lead_id' => null, 'status' => 'awaiting_payment' ) );
	}

	/**
	 * The names of every lead a query finds, page by page (newest first), and whether every
	 * page reported the same total, equal to the number found.
	 *
	 * @param Lead_Query $query    Planner.
	 * @param array      $params   Request parameters.
	 * @param int        $per_page Page size.
	 * @return string[]
	 */
	private function names( Lead_Query $query, array $params, int $per_page = 2 ): array {
		$names  = array();
		$totals = array();
		for ( $page = 1; $page <= 10; $page++ ) {
			$found = $query->page( Lead_Filters::from( $params ), 'created_at', 'desc', $per_page, $page );
			$this->assertNotNull( $found, 'a database error for ' . wp_json_encode( $params ) );
			$totals[] = $found['total'];
			if ( ! $found['rows'] ) {
				break;
			}
			$names = array_merge( $names, array_column( $found['rows'], 'name' ) );
		}
		$this->assertSame( array( count( $names ) ), array_values( array_unique( $totals ) ), 'X-WP-Total for ' . wp_json_encode( $params ) );
		return $names;
	}

	/**
	 * The names the export finds, chunk by chunk (newest first).
	 *
	 * @param array $params Request parameters.
	 * @return string[]
	 */
	private function exported( array $params ): array {
		$filters          = Lead_Filters::from( $params );
		$filters['where'] = array_merge( array( '1=1' ), $filters['where'] );
		$query            = new Tiny_Lead_Query();
		$names            = array();
		$last             = PHP_INT_MAX;
		do {
			$rows  = $query->export_chunk( $filters, 'DESC', $last );
			$names = array_merge( $names, array_column( $rows, 'name' ) );
			$last  = $rows ? (int) end( $rows )['id'] : 0;
		} while ( $rows );
		return $names;
	}

	public function test_awaiting_payment_is_a_started_checkout_with_no_finished_booking_after_it(): void {
		$awaiting = array( 'Cancelled Later', 'Booked Then Left', 'Abandoned Only' );
		$others   = array( 'Plain Booked', 'No Bookings', 'Paid Later' );
		foreach ( array( true, 'true', '1' ) as $yes ) {
			$this->assertSame( $awaiting, $this->names( new Lead_Query(), array( 'awaiting_payment' => $yes ) ) );
		}
		foreach ( array( false, 'false', '0' ) as $no ) {
			$this->assertSame( $others, $this->names( new Lead_Query(), array( 'awaiting_payment' => $no ) ) );
		}
		$this->assertCount( 6, $this->names( new Lead_Query(), array( 'awaiting_payment' => '' ) ) );
		$this->assertSame( $awaiting, $this->exported( array( 'awaiting_payment' => true ) ) );
	}

	public function test_awaiting_payment_with_stages_and_searches_on_every_plan(): void {
		// Several stages sorted by creation: the merged page.
		$this->assertSame(
			array( 'Booked Then Left', 'Abandoned Only' ),
			$this->names(
				new Lead_Query(),
				array(
					'awaiting_payment' => true,
					'stage'            => array( 'new', 'booked' ),
				),
				1
			)
		);
		// A search answered from its matches, and (tiny thresholds) by sorting them and from the index.
		foreach ( array( new Lead_Query(), new Tiny_Lead_Query() ) as $query ) {
			$this->assertSame(
				array( 'Cancelled Later', 'Booked Then Left', 'Abandoned Only' ),
				$this->names( $query, array( 'awaiting_payment' => true, 'search' => '@example.org' ) ),
				get_class( $query )
			);
			$this->assertSame( array( 'Booked Then Left' ), $this->names( $query, array( 'awaiting_payment' => '1', 'search' => 'booked' ) ) );
			$this->assertSame( array( 'Plain Booked', 'Paid Later' ), $this->names( $query, array( 'awaiting_payment' => false, 'search' => 'p' ) ) );
		}
	}

	public function test_utm_filters_match_the_first_or_the_latest_touch(): void {
		$q = new Lead_Query();
		$this->assertSame( array( 'Cancelled Later', 'Paid Later', 'Abandoned Only' ), $this->names( $q, array( 'utm_source' => array( 'google' ) ) ) );
		$this->assertSame( array( 'No Bookings', 'Paid Later' ), $this->names( $q, array( 'utm_source' => 'facebook' ) ) );
		$this->assertSame(
			array( 'Cancelled Later', 'No Bookings', 'Booked Then Left', 'Paid Later' ),
			$this->names( $q, array( 'utm_source' => array( 'bing', 'news letter', 'facebook', 'bing' ) ) )
		);
		// A value with a comma and spaces is one value (sent as utm_campaign[0]=…).
		$this->assertSame( array( 'Abandoned Only' ), $this->names( $q, array( 'utm_campaign' => array( 'spring, 2026 & more' ) ) ) );
		$this->assertSame( array( 'Booked Then Left', 'Paid Later' ), $this->names( $q, array( 'utm_campaign' => array( 'spring' ) ) ) );
		// Source and campaign together, with other filters, a search, and in the export.
		$both = array(
			'utm_source'   => array( 'google' ),
			'utm_campaign' => array( 'spring', 'autumn' ),
		);
		$this->assertSame( array( 'Cancelled Later', 'Paid Later' ), $this->names( $q, $both ) );
		$this->assertSame( array( 'Cancelled Later' ), $this->names( $q, $both + array( 'awaiting_payment' => true ) ) );
		$this->assertSame( array( 'Paid Later' ), $this->names( new Tiny_Lead_Query(), $both + array( 'search' => 'paid' ) ) );
		$this->assertSame( array( 'Paid Later' ), $this->names( $q, $both + array( 'stage' => array( 'booked', 'won' ) ) ) );
		$this->assertSame( array( 'Cancelled Later', 'Paid Later' ), $this->exported( $both ) );
		// A value nobody has; an empty value is no filter; junk is no value.
		$this->assertSame( array(), $this->names( $q, array( 'utm_source' => array( 'nowhere' ) ) ) );
		$this->assertCount( 6, $this->names( $q, array( 'utm_source' => array( '' ) ) ) );
		$this->assertCount( 6, $this->names( $q, array( 'utm_campaign' => array( array( 'x' ), null ) ) ) );
	}

	public function test_a_hostile_value_is_only_ever_a_value(): void {
		$q = new Lead_Query();
		$this->assertSame( array(), $this->names( $q, array( 'utm_source' => array( "' OR 1=1 --", '%' ) ) ) );
		$this->assertSame( array(), $this->names( $q, array( 'utm_campaign' => array( 'spring%' ) ) ) );
		$this->assertSame( 6, $this->rows_in( 'leads' ) );
	}

	public function test_the_values_the_attribution_filters_offer(): void {
		$values = ( new Lead_Query() )->attribution_values();
		// Alphabetical (either touch counts), each once, never ''.
		$this->assertSame( array( 'bing', 'facebook', 'google', 'news letter' ), $values['utm_source'] );
		$this->assertSame( array( 'autumn', 'spring', 'spring, 2026 & more', 'summer' ), $values['utm_campaign'] );
		// At most ATTRIBUTION_VALUES each, the first ones.
		$few = new class() extends Lead_Query {
			public const ATTRIBUTION_VALUES = 2;
		};
		$this->assertSame( array( 'bing', 'facebook' ), $few->attribution_values()['utm_source'] );
	}
}
