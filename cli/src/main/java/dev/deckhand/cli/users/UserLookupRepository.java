package dev.deckhand.cli.users;

import dev.deckhand.accounts.User;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.UUID;

/** The user queries only the CLI needs: by what an operator types, and all of them in sign-up order. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserLookupRepository extends GenericRepository<User, UUID> {

    /** Users whose id, e-mail (any case), issuer subject or name is exactly {@code who}. */
    @Query("""
            SELECT * FROM users
            WHERE id::text = lower(:who) OR lower(email) = lower(:who) OR subject = :who OR name = :who
            ORDER BY created_at""")
    List<User> findMatching(String who);

    @Query("SELECT * FROM users ORDER BY created_at, id")
    List<User> findAllInSignUpOrder();
}
