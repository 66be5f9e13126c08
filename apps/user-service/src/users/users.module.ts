import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { UsersBatchService } from './users-batch.service';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController], providers: [UsersService, UsersBatchService], exports: [UsersService] })
export class UsersModule {}
