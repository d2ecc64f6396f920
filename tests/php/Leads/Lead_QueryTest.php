<?php
/**
 * Leads\Lead_Query (and Lead_Filters) against the real database: every plan answers what a
 * plain filter over all leads would.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Tests\Leads;

use SolarCapture\Leads\Lead_Filters;
use SolarCapture\Leads\Lead_Query;
use SolarCapture\Tests\Test_Case;

/**
 * A planner whose thresholds are small enough to reach with a few leads.
 */
final class Small_Lead_Query extends Lead_Query {
	public const SEARCH_CAP      = 3;
	public const SEARCH_SORT_MAX = 6;
	public const CHUNK           = 4;
}

/**
 * Pages, totals, sorts, filters and searches; the export's chunks.
 */
final class Lead_QueryTest extends Test_Case {

	/**
	 * The leads made for each test: id => row as inserted.
	 *
	 * @var array<int,array>
	 */
	private $made = array();

	protected function setUp(): void {
		parent::setUp();
		$this->made = array();
		$people     = array(
			array( 'Jamie Rivera', 'jamie.rivera@orchard.example', '0131 496 0777', 'EH99 1SP', 'new', 'form' ),
			array( 'Sam Jamieson', 'sam@example.org', '+44 20 7946 0999', 'YO1 7HH', 'booked', 'calcom' ),
			array( 'Alex Moor', 'jamie@home.example', '07700 900123', 'EH1 2AB', 'contacted', 'calendly' ),
			array( 'Priya Shah', 'priya@example.org', '0131 496 0000', 'G1 1AA', 'booked', 'form' ),
			array( 'Chris Jamison', 'chris@orchard.example', '', 'EH99 2XY', 'won', 'calcom' ),
			array( 'Dana Lee', 'dana@example.net', '020 7946 0111', 'SW1A 1AA', 'new', 'orufy' ),
			array( 'Eli Jameson', 'eli@example.org', '', 'EH3 9ZZ', 'booked', 'generic' ),
			array( 'Fran Jamie', 'fran@example.org', '0131 000 1111', 'EH99 3AB', 'lost', 'form' ),
			array( 'Gus Orchard', 'gus@example.org', '', 'B1 1AA', 'new', 'calcom' ),
			array( 'Hana Jami', 'hana@example.org', '', 'EH99 4CD', 'booked', 'form' ),
		);
		foreach ( $people as $i => $p ) {
			$row = array(
				'name'            => $p[0],
				'email'           => $p[1],
				'phone'           => $p[2],
				'postcode'        => $p[3],
				'stage'           => $p[4],
				'source'          => $p[5],
				// Two leads share a creation time: the id breaks the tie.
				'created_at'      => gmdate( 'Y-m-d H:i:s', strtotime( '2026-01-01 09:00:00 UTC' ) + 3600 * min( $i, 8 ) ),
				'next_booking_at' => 'booked' === $p[4] ? gmdate( 'Y-m-d H:i:s', time() + 86400 * ( $i + 1 ) ) : null,
			);
			$id                = $this->lead( $row );
			$this->made[ $id ] = $row + array( 'id' => $id );
		}
	}

	/**
	 * What a plain filter over every lead answers, sorted as the list sorts.
	 *
	 * @param callable $keep    Which leads match.
	 * @param string   $orderby Column.
	 * @param string   $order   asc or desc.
	 * @return int[]
	 */
	private function expected( callable $keep, string $orderby = 'created_at', string $order = 'desc' ): array {
		$rows = array_filter( $this->made, $keep );
		usort(
			$rows,
			static function ( array $a, array $b ) use ( $orderby, $order ): int {
				$cmp = 'id' === $orderby ? 0 : strcasecmp( (string) $a[ $orderby ], (string) $b[ $orderby ] );
				$cmp = $cmp ? $cmp : $a['id'] <=> $b['id'];
				return 'asc' === $order ? $cmp : -$cmp;
			}
		);
		return array_column( $rows, 'id' );
	}

	/**
	 * Every page of a query, joined, and the totals each page reported.
	 *
	 * @param Lead_Query $query    Planner.
	 * @param array      $params   Request parameters.
	 * @param int        $per_page Page size.
	 * @return array{ids:int[], totals:int[]}
	 */
	private function all_pages( Lead_Query $query, array $params, int $per_page ): array {
		$ids    = array();
		$totals = array();
		for ( $page = 1; $page <= 12; $page++ ) {
			$found = $query->page( Lead_Filters::from( $params ), $params['orderby'] ?? 'created_at', $params['order'] ?? 'desc', $per_page, $page );
			$this->assertNotNull( $found );
			$totals[] = $found['total'];
			if ( ! $found['rows'] ) {
				break;
			}
			$ids = array_merge( $ids, array_map( 'intval', array_column( $found['rows'], 'id' ) ) );
		}
		return array(
			'ids'    => $ids,
			'totals' => array_values( array_unique( $totals ) ),
		);
	}

	public function test_every_page_and_total_of_the_default_list(): void {
		$expected = $this->expected( '__return_true' );
		foreach ( array( 1, 3, 4, 100 ) as $per_page ) {
			$this->assertSame( array( 'ids' => $expected, 'totals' => array( 10 ) ), $this->all_pages( new Lead_Query(), array(), $per_page ), "per_page $per_page" );
		}
	}

	public function test_sorts_by_each_column_both_ways(): void {
		foreach ( array( 'name', 'email', 'stage', 'source', 'id' ) as $orderby ) {
			foreach ( array( 'asc', 'desc' ) as $order ) {
				$got = $this->all_pages( new Lead_Query(), array( 'orderby' => $orderby, 'order' => $order ), 4 );
				$this->assertSame( $this->expected( '__return_true', $orderby, $order ), $got['ids'], "$orderby $order" );
			}
		}
	}

	public function test_stage_and_source_filters_merged_by_creation_time_and_with_other_filters(): void {
		$params = array( 'stage' => array( 'booked', 'new', 'booked' ) );
		$want   = $this->expected(
			static function ( $r ) {
				return in_array( $r['stage'], array( 'booked', 'new' ), true );
			}
		);
		$this->assertSame( array( 'ids' => $want, 'totals' => array( count( $want ) ) ), $this->all_pages( new Lead_Query(), $params, 2 ) );

		$params = array(
			'source' => array( 'calcom', 'form' ),
			'after'  => '2026-01-01T10:30:00Z',
		);
		$want   = $this->expected(
			static function ( $r ) {
				return in_array( $r['source'], array( 'calcom', 'form' ), true ) && $r['created_at'] >= '2026-01-01 10:30:00';
			}
		);
		$this->assertSame( $want, $this->all_pages( new Lead_Query(), $params, 3 )['ids'] );

		$upcoming = $this->expected(
			static function ( $r ) {
				return null !== $r['next_booking_at'];
			}
		);
		$this->assertSame( $upcoming, $this->all_pages( new Lead_Query(), array( 'upcoming' => 'true' ), 3 )['ids'] );
		$this->assertSame( array_values( array_diff( $this->expected( '__return_true' ), $upcoming ) ), $this->all_pages( new Lead_Query(), array( 'upcoming' => false ), 3 )['ids'] );
	}

	public function test_a_bare_date_is_a_day_in_the_site_time_zone_and_before_includes_it(): void {
		update_option( 'timezone_string', 'Europe/Berlin' );
		try {
			// 2026-01-01 in Berlin is 2025-12-31 23:00 to 2026-01-01 23:00 UTC: all ten leads.
			$this->assertSame( 10, $this->all_pages( new Lead_Query(), array( 'before' => '2026-01-01' ), 100 )['totals'][0] );
			$this->assertSame( 0, $this->all_pages( new Lead_Query(), array( 'after' => '2026-01-02' ), 100 )['totals'][0] );
			$this->assertSame( '2025-12-31 23:00:00', Lead_Filters::filter_time( '2026-01-01', false ) );
			$this->assertSame( '2026-01-01 23:00:00', Lead_Filters::filter_time( '2026-01-01', true ) );
		} finally {
			update_option( 'timezone_string', '' );
		}
		$this->assertTrue( Lead_Filters::validate_time( '2026-01-01T10:00:00+01:00' ) );
		$this->assertInstanceOf( \WP_Error::class, Lead_Filters::validate_time( 'soon' ) );
	}

	/**
	 * Searches and what a person expects them to find.
	 *
	 * @return array<string,array{0:string,1:callable}>
	 */
	public function searches(): array {
		return array(
			'name anywhere, e-mail from the start, postcode from the start' => array(
				'jamie',
				static function ( $r ) {
					return false !== stripos( $r['name'], 'jamie' ) || 0 === stripos( $r['email'], 'jamie' );
				},
			),
			'a term with @ searches e-mail anywhere only'                   => array(
				'@orchard.example',
				static function ( $r ) {
					return false !== stripos( $r['email'], '@orchard.example' );
				},
			),
			'a dotted term without space: e-mail anywhere'                  => array(
				'orchard.example',
				static function ( $r ) {
					return false !== stripos( $r['email'], 'orchard.example' );
				},
			),
			'a phone-like term: phone anywhere, not names'                  => array(
				'0131 496',
				static function ( $r ) {
					return false !== strpos( $r['phone'], '0131 496' );
				},
			),
			'a postcode from the start'                                     => array(
				'EH99',
				static function ( $r ) {
					return 0 === stripos( $r['postcode'], 'EH99' );
				},
			),
			'LIKE wildcards are text'                                       => array(
				'%',
				static function () {
					return false;
				},
			),
		);
	}

	/**
	 * Each search, through each of the planner's three paths (few matches, sorted matches, dense).
	 *
	 * @dataProvider searches
	 * @param string   $term Search term.
	 * @param callable $keep Which leads it should find.
	 */
	public function test_search_finds_what_a_person_expects_on_every_path( string $term, callable $keep ): void {
		$want = $this->expected( $keep );
		foreach ( array( new Lead_Query(), new Small_Lead_Query() ) as $query ) {
			$got = $this->all_pages( $query, array( 'search' => $term ), 2 );
			$this->assertSame( array( 'ids' => $want, 'totals' => array( count( $want ) ) ), $got, get_class( $query ) . " '$term'" );
		}
		$stage = $this->expected(
			static function ( $r ) use ( $keep ) {
				return $keep( $r ) && 'booked' === $r['stage'];
			},
			'name',
			'asc'
		);
		$this->assertSame( $stage, $this->all_pages( new Small_Lead_Query(), array( 'search' => $term, 'stage' => array( 'booked' ), 'orderby' => 'name', 'order' => 'asc' ), 2 )['ids'] );
	}

	public function test_the_dense_search_path_past_the_sort_limit(): void {
		// '@' is in every e-mail: ten matches, more than SEARCH_SORT_MAX, so the page comes from the sort's index.
		$want = $this->expected( '__return_true' );
		$this->assertSame( array( 'ids' => $want, 'totals' => array( 10 ) ), $this->all_pages( new Small_Lead_Query(), array( 'search' => '@' ), 3 ) );
	}

	public function test_export_chunks_walk_every_match_by_id_both_ways(): void {
		$query   = new Small_Lead_Query();
		$filters = Lead_Filters::from( array( 'stage' => array( 'booked', 'new', 'lost' ) ) );
		array_unshift( $filters['where'], '1=1' );
		$want = array_keys(
			array_filter(
				$this->made,
				static function ( $r ) {
					return in_array( $r['stage'], array( 'booked', 'new', 'lost' ), true );
				}
			)
		);
		foreach ( array( 'ASC', 'DESC' ) as $order ) {
			$ids  = array();
			$last = 'ASC' === $order ? 0 : PHP_INT_MAX;
			do {
				$rows = $query->export_chunk( $filters, $order, $last );
				foreach ( $rows as $row ) {
					$ids[] = (int) $row['id'];
					$last  = (int) $row['id'];
				}
			} while ( count( $rows ) === Small_Lead_Query::CHUNK );
			$expected = $want;
			'ASC' === $order ? sort( $expected ) : rsort( $expected );
			$this->assertSame( $expected, $ids, $order );
		}
	}
}
