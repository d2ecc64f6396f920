<?php
/**
 * What every repository shares: the database connection and error-aware reads.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Base of the classes that hold the SQL of one resource (leads, bookings, events, deliveries).
 * Statements name only whitelisted tables and columns; values are placeholders.
 */
abstract class Repository {

	/**
	 * The connection.
	 *
	 * @var \wpdb
	 */
	protected $db;

	/**
	 * Constructor.
	 *
	 * @param \wpdb|null $db Connection (default: WordPress's).
	 */
	public function __construct( $db = null ) {
		global $wpdb;
		$this->db = $db ?? $wpdb;
	}

	/**
	 * Full name of one of the plugin's tables for the current site (Schema::TABLES).
	 *
	 * @param string $name Short name: leads, bookings, events, deliveries.
	 * @return string
	 */
	protected function table( string $name ): string {
		return $this->db->prefix . Schema::TABLES[ $name ];
	}

	/**
	 * `%d, %d, …` for $count values.
	 *
	 * @param int    $count       How many.
	 * @param string $placeholder %d or %s.
	 * @return string
	 */
	protected static function placeholders( int $count, string $placeholder = '%d' ): string {
		return implode( ', ', array_fill( 0, $count, $placeholder ) );
	}

	/**
	 * A statement with its values filled in (none: as it is).
	 *
	 * @param string $sql  Statement.
	 * @param array  $args Values.
	 * @return string
	 */
	protected function prepare( string $sql, array $args ): string {
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- see the class docblock.
		return $args ? (string) $this->db->prepare( $sql, $args ) : $sql;
	}

	/**
	 * Rows of a SELECT, or null on a database error.
	 *
	 * @param string $sql  Statement.
	 * @param array  $args Values.
	 * @return array[]|null
	 */
	protected function rows( string $sql, array $args = array() ): ?array {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see the class docblock.
		$rows = $this->db->get_results( $this->prepare( $sql, $args ), ARRAY_A );
		if ( null === $rows && '' !== $this->db->last_error ) {
			return null;
		}
		return (array) $rows;
	}

	/**
	 * One row, or null (none, or a database error).
	 *
	 * @param string $sql  Statement.
	 * @param array  $args Values.
	 * @return array|null
	 */
	protected function row( string $sql, array $args = array() ): ?array {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see the class docblock.
		$row = $this->db->get_row( $this->prepare( $sql, $args ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * The number a COUNT(*) (or any single value) answers, or null on a database error.
	 *
	 * @param string $sql  Statement.
	 * @param array  $args Values.
	 * @return int|null
	 */
	protected function count( string $sql, array $args = array() ): ?int {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see the class docblock.
		$value = $this->db->get_var( $this->prepare( $sql, $args ) );
		if ( null === $value && '' !== $this->db->last_error ) {
			return null;
		}
		return (int) $value;
	}

	/**
	 * Run a statement; the number of rows it changed, or false on a database error.
	 *
	 * @param string $sql  Statement.
	 * @param array  $args Values.
	 * @return int|false
	 */
	protected function execute( string $sql, array $args = array() ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- see the class docblock.
		$result = $this->db->query( $this->prepare( $sql, $args ) );
		return false === $result ? false : (int) $result;
	}

	/**
	 * LIKE patterns finding any of $texts anywhere.
	 *
	 * @param string[] $texts Texts.
	 * @return string[]
	 */
	protected function contains_any( array $texts ): array {
		$patterns = array();
		foreach ( $texts as $text ) {
			$patterns[] = '%' . $this->db->esc_like( $text ) . '%';
		}
		return $patterns;
	}
}
