# Слова оформления на русском (синтаксис Project Fluent: https://projectfluent.org/).
# Формы множественного числа — по категориям CLDR: one (1, 21, 31…), few (2–4, 22–24…),
# many (0, 5–20, 25–30…), other (дробные числа).

language-name = Русский
skip-to-content = Перейти к содержанию
nav-site = Разделы сайта
nav-providers = Все почтовые сервисы
nav-requirements = Общие требования
nav-errors = Поиск по ошибке
language-switcher = Язык
breadcrumb = Навигационная цепочка

fallback-missing = Этот раздел ещё не переведён, поэтому он показан на английском.
fallback-stale = Английский текст этого раздела изменился после перевода, поэтому до обновления перевода раздел показан на английском.

status-ok = Работает
status-preparation = Нужна подготовка
status-broken = Не работает
status-unverified = Ещё не проверено
status-deprecated = Скоро перестанет работать

callout-note = Примечание
callout-tip = Совет
callout-important = Важно
callout-warning = Внимание
callout-caution = Осторожно

provider-title = Настройки SMTP для { $name }
verified-on = проверено { $date }
failing-since = не работает с { $date }
verified-days-ago = { $count ->
    [0] проверено сегодня
    [one] проверено { $count } день назад
    [few] проверено { $count } дня назад
   *[many] проверено { $count } дней назад
}
days-left = { $count ->
    [one] через { $count } день
    [few] через { $count } дня
   *[many] через { $count } дней
}
requirement-2sv-on = Двухэтапная аутентификация должна быть включена.
requirement-2sv-off = Двухэтапная аутентификация должна быть выключена.
requirement-app-password = Пароль приложения: обычный пароль от почты для отправки из других программ не подходит.
requirement-oauth2-only = Сервис принимает только вход через OAuth2: никакой пароль не подойдёт, а { $app } умеет передавать только пароль, поэтому с этим ящиком она работать не сможет.
requirement-enable = Включите «{ $setting }» в настройках почтового ящика.
link-security-settings = Настройки безопасности
link-app-passwords = Пароли приложений
link-open-setting = Открыть настройку
link-register = Завести почтовый ящик
link-smtp-help = Официальная страница с настройками SMTP
username-email = Ваш адрес почты целиком
username-local = Часть адреса до знака @
username-template = `{ $template }`, куда подставлен ваш адрес
password-app = Пароль приложения (не обычный пароль от почты)
password-account = Пароль от почтового ящика
password-oauth2 = Токен OAuth2 (в форму его не ввести)
security-none = без шифрования
form-oauth2-only = { $name } принимает для SMTP только вход через OAuth2, а { $app } умеет передавать только пароль, поэтому отправлять почту через { $name } сейчас не получится.
form-no-server = В этом рецепте не указан SMTP-сервер.
limit-messages-per-day = Писем в сутки
limit-recipients-per-day = Получателей в сутки
limit-recipients-per-message = Получателей в одном письме
limit-message-size = Наибольший размер письма
limit-megabytes = { $count } МБ

requirements-title = Общие требования
requirements-description = Что нужно любому почтовому ящику, прежде чем магазин сможет отправлять через него письма, и собственные правила формы в панели управления.
errors-title = Поиск по ошибке
errors-description = Вставьте текст ошибки SMTP — и найдите её причину и решение для вашего почтового сервиса.
not-found-title = Страница не найдена
field-host = SMTP-сервер
field-port = порт
field-security = шифрование
field-username = имя пользователя
field-password = пароль
field-email = адрес почты
field-sender = адрес отправителя
search-requirements-summary = Что нужно любому почтовому ящику, и правила самой панели управления.
search-requirements-words = пароль приложения двухэтапная аутентификация двухфакторная шифрование правила формы
search-errors-summary = Вставьте текст ошибки SMTP и найдите решение.
search-errors-words = ошибка сообщение об ошибке ответ сервера smtp неполадки

js-copied = Скопировано
js-copied-value = Скопировано: { $value }
js-copy-by-hand = Выделите и скопируйте вручную
js-results = { $count ->
    [one] { $count } результат
    [few] { $count } результата
   *[many] { $count } результатов
}
js-nothing-found = По запросу «{ $query }» ничего не найдено.
js-search-unavailable = Поиск недоступен ({ $error }).
js-troubleshooting = Неполадки · { $provider }
js-paste-first = Сначала вставьте текст ошибки.
js-matching-entries = { $count ->
    [one] Найдена { $count } подходящая запись
    [few] Найдено { $count } подходящие записи
   *[many] Найдено { $count } подходящих записей
}
js-no-fix = Для этого сообщения готового решения нет. Сверьте настройки на странице вашего почтового сервиса.
js-exact-match = { $provider } · точное совпадение
js-partial-match = { $provider } · частичное совпадение
js-lookup-unavailable = Поиск по ошибке недоступен ({ $error }).
js-whole-address = Введите адрес целиком, например shop@mail.ru.
js-no-guide = Для домена { $domain } инструкции нет. Возможно, это ваш собственный домен, почту которого обслуживает один из сервисов: попросите службу поддержки посмотреть его MX-записи (в них указан сервис) и выберите этот сервис ниже. А пока прочитайте
js-general-requirements = общие требования
js-address-unavailable = Поиск по адресу недоступен ({ $error }).

what-failure-means = Что означает этот сбой
verification-per-server = Проверка по серверам
deadline-banner = { $count ->
    [one] С <time datetime="{ $date }">{ $date }</time>, через { $count } день:
    [few] С <time datetime="{ $date }">{ $date }</time>, через { $count } дня:
   *[many] С <time datetime="{ $date }">{ $date }</time>, через { $count } дней:
}
change-upcoming = { $count ->
    [one] С <time datetime="{ $date }">{ $date }</time> (через { $count } день)
    [few] С <time datetime="{ $date }">{ $date }</time> (через { $count } дня)
   *[many] С <time datetime="{ $date }">{ $date }</time> (через { $count } дней)
}
announcement = объявление
toc = На этой странице
section-requirements = Прежде чем начать
section-steps = Шаги
section-form = Заполненная форма
section-notes = Полезно знать
section-troubleshooting = Неполадки
section-evidence = История проверок
section-limits = Лимиты отправки
section-changelog = Что менялось в { $name }
section-sources = Источники
section-settings = Настройки
reviewed-on = Сверено с источниками <time datetime="{ $date }">{ $date }</time>.
edit-page = Исправить эту страницу
link-to-error = Ссылка на эту ошибку: { $symptom }
trouble-when = Этап: { $phase }.
trouble-reply = Ответ { $code }.
trouble-reply-enhanced = Ответ { $code } { $enhanced }.
trouble-status = Статус { $enhanced }.
trouble-why = Почему так
trouble-fix = Что делать
trouble-another = Другое сообщение? Воспользуйтесь <a href="{ $href }">поиском по ошибке</a>.
step-number = Шаг { $number }.
link-to-step = Ссылка на шаг { $number }: { $title }
open-at = Открыть эту страницу на { $name }
form-intro = Откройте { $app }, перейдите в <strong>{ $location }</strong> и заполните поля SMTP вот так (пример для ящика <code>{ $email }</code> — подставьте свой адрес):
limits-caption = Лимиты отправки { $name }
requirements-also = Посмотрите и <a href="{ $href }">общие требования</a> — они касаются любого почтового сервиса.
settings-server = SMTP-сервер
settings-port = Порт
settings-encryption = Шифрование
settings-username = Имя пользователя
settings-password = Пароль
copy = Копировать
all-servers = Все серверы
all-servers-caption = Все SMTP-серверы { $name }
column-server = Сервер
column-auth = Способы входа
recommended = рекомендуем
no-server = Для { $name } SMTP-сервер не описан.
sources-reviewed = Последний раз сверено с этими страницами <time datetime="{ $date }">{ $date }</time>.

index-intro = Найдите свой почтовый сервис в списке ниже или сначала прочитайте <a href="{ $requirements }">общие требования</a>. Видите сообщение об ошибке? Воспользуйтесь <a href="{ $errors }">поиском по ошибке</a>.
address-label = Адрес почты вашего магазина
address-placeholder = например, shop@mail.ru
address-submit = Открыть инструкцию
search-label = Поиск по сервисам, доменам, серверам и кодам ошибок
search-placeholder = например, яндекс, smtp.mail.ru, 5.7.8
providers-heading = Почтовые сервисы
domains-label = Домены:
domains-more = и ещё { $count }
requirements-lead = Эти требования касаются любого почтового сервиса. На странице каждого сервиса добавлено то, что нужно именно ему.
rules-title = Что принимает { $app }
rules-intro = У формы в разделе <strong>{ $location }</strong> есть свои правила — независимо от того, что разрешает почтовый сервис. Правила с пометкой <em>известно с чужих слов</em> взяты из старого руководства или со страниц почтовых сервисов, и на нынешней форме их никто не проверял:
reported-not-confirmed = Известно с чужих слов, не подтверждено
evidence-line = Источник: { $evidence }
not-confirmed-on = Никто не подтвердил, что { $app } ведёт себя так сегодня.
errors-lead = Вставьте сообщение об ошибке, которое показала { $app } или почтовый сервис, например <code>535-5.7.8 Username and Password not accepted</code>.
errors-noscript = Для поиска нужен JavaScript. Без него откройте свой сервис в <a href="{ $href }">списке почтовых сервисов</a>: на каждой странице есть раздел «Неполадки».
errors-label = Сообщение об ошибке
errors-submit = Найти
not-found-text = Такой страницы нет (или уже нет). Начните со <a href="{ $providers }">списка почтовых сервисов</a> или воспользуйтесь <a href="{ $errors }">поиском по ошибке</a>.

ticket-copy = Скопировать ответ для обращения
ticket-step = шаг { $number }
ticket-error = Ошибка «{ $symptom }» при работе с { $name }:
ticket-what-to-do = Что делать:
ticket-guide = Пошаговая инструкция:
ticket-step-intro = Чтобы магазин отправлял письма через { $name }, шаг { $number }: { $title }
ticket-verified = Эти настройки проверены на { $name } { $count ->
    [0] сегодня
    [1] вчера
    [one] { $count } день назад
    [few] { $count } дня назад
   *[many] { $count } дней назад
} ({ $date }).
ticket-failing = Обратите внимание: ежедневная проверка этих настроек на { $name } не проходит с { $date }.

evidence-passed = { $count ->
    [one] Пройдена { $passed } проверка из { $count }
   *[other] Пройдено проверок: { $passed } из { $count }
}
evidence-none = Ни одной завершённой проверки
evidence-window = { $days ->
    [one] за { $days } день по <time datetime="{ $date }">{ $date }</time>.
    [few] за { $days } дня по <time datetime="{ $date }">{ $date }</time>.
   *[many] за { $days } дней по <time datetime="{ $date }">{ $date }</time>.
}
evidence-skipped = Дней, когда проверка запускалась, но ничего не смогла проверить (нет тестового ящика или все этапы пропущены): { $count }.
evidence-failed-on = Не прошла:
evidence-at = на этапе { $phase }
evidence-strip = Ежедневные проверки с { $first } по { $last }, сначала самые старые
day-passed = пройдена
day-failed = не пройдена
day-failed-at = не пройдена на этапе { $phase }
day-skipped = ничего не проверено
day-none = проверки не было
transcript-summary = Последняя проверка по этапам
transcript-intro = Что увидел mailbook, когда в последний раз проверял { $name } с тестовым ящиком (пароли никогда не записываются).
transcript-of = Проверка { $server }
column-phase = Этап
column-result = Результат
column-time = Время
column-found = Что обнаружено
check-warn = пройдена, с предупреждением
check-skipped = пропущена
milliseconds = { $count } мс
server-replied = Сервер ответил <code>{ $reply }</code>
js-ticket-copied = Ответ скопирован
js-ticket-announce-copied = Ответ для обращения скопирован в буфер обмена
js-ticket-copy-by-hand = Скопируйте ответ ниже вручную
js-ticket-textarea-label = Ответ для обращения
