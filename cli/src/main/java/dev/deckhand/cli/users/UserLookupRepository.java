package dev.deckhand.cli.users;

import dev.deckhand.accounts.User;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.UUID;

/** The user query only the CLI needs: all of them in sign-up order. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserLookupRepository extends GenericRepository<User, UUID> {

    @Query("SELECT * FROM users ORDER BY created_at, id")
    List<User> findAllInSignUpOrder();
}
